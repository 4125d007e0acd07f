using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;

namespace Switchyard.Cli.Endpoints;

/// <summary><c>serving-endpoints rollout start|status|abort|resume NAME</c> (ours): an endpoint's gated progressive rollout.</summary>
internal static class RolloutCommands
{
    private const string Group = "serving-endpoints";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "rollout", "start|status|abort|resume NAME",
            "Start a gated progressive rollout (start --json BODY or @file), show it (status), abort it and restore the baseline (abort), or take a paused one up again (resume).",
            2, 2, ["json"], RolloutAsync),
    ];

    private static async Task<int> RolloutAsync(CommandContext context)
    {
        var action = context.Arguments[0];
        var path = $"{ApiPaths.Endpoint(context.Arguments[1])}/rollout";
        var json = context.Line.Option("json");
        if (action is "status" or "abort" or "resume" && json is not null)
        {
            throw CliException.Usage($"rollout {action} takes no --json; only rollout start does.");
        }

        var answer = action switch
        {
            "start" => await context.Api.SendJsonAsync(HttpMethod.Post, path,
                JsonArgument.Read(json ?? throw CliException.Usage(
                    "Give the rollout with --json '{\"candidate\": …, \"steps\": [{\"weight\": 10, \"hold_s\": 300}], \"gates\": [...]}' or --json @file.")),
                context.Cancellation),
            "status" => await context.Api.GetAsync(path, context.Cancellation),
            "abort" or "resume" => await context.Api.SendJsonAsync(HttpMethod.Post, $"{path}/{action}", new JsonObject(), context.Cancellation),
            _ => throw CliException.Usage($"rollout takes start, status, abort or resume, not '{action}'. Usage: switchyard {Group} rollout start|status|abort|resume NAME"),
        };
        context.Output.Write(answer.Body, output => RolloutView.Write(output, answer.Json()));
        return ExitCodes.Ok;
    }
}
