using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;

namespace Switchyard.Cli.Endpoints;

/// <summary>
/// <c>serving-endpoints experiment-report NAME</c> and <c>serving-endpoints rollout start|status|abort NAME</c>
/// (ours): an endpoint's A/B readout, and its gated progressive rollout.
/// </summary>
internal static class ExperimentCommands
{
    private const string Group = "serving-endpoints";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "experiment-report", "NAME", "Show the A/B readout of the endpoint's split: per arm traffic, errors, latency, metrics with Δ vs control, and the SRM check.",
            1, 1, [], ReportAsync),
        new(Group, "rollout", "start|status|abort NAME", "Start a gated progressive rollout (start --json BODY or @file), show it (status), or abort it and restore the baseline (abort).",
            2, 2, ["json"], RolloutAsync),
    ];

    private static async Task<int> ReportAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync($"{ApiPaths.Endpoint(context.Arguments[0])}/experiment-report", context.Cancellation);
        context.Output.Write(answer.Body, output => ExperimentView.Report(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> RolloutAsync(CommandContext context)
    {
        var action = context.Arguments[0];
        var path = $"{ApiPaths.Endpoint(context.Arguments[1])}/rollout";
        var json = context.Line.Option("json");
        if (action != "start" && json is not null)
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
            "abort" => await context.Api.SendJsonAsync(HttpMethod.Post, $"{path}/abort", new JsonObject(), context.Cancellation),
            _ => throw CliException.Usage($"rollout takes start, status or abort, not '{action}'. Usage: switchyard {Group} rollout start|status|abort NAME"),
        };
        context.Output.Write(answer.Body, output => ExperimentView.Rollout(output, answer.Json()));
        return ExitCodes.Ok;
    }
}
