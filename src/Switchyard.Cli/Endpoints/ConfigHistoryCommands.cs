using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary>
/// <c>serving-endpoints config-history|rollback</c>: an endpoint's config versions with what each
/// changed, and applying an older version again as a new one (ours; the Databricks CLI has neither).
/// </summary>
internal static class ConfigHistoryCommands
{
    private const string Group = "serving-endpoints";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "config-history", "NAME", "List an endpoint's config versions, newest first, each with who, when, why and what it changed (--max N, default 100).",
            1, 1, ["max"], HistoryAsync),
        new(Group, "rollback", "NAME", "Apply config version --version N again as a new version (--reason TEXT, --if-match VERSION to refuse if the endpoint moved), and wait.",
            1, 1, ["version", "reason", "if-match", .. EndpointWaiter.Options], RollbackAsync),
    ];

    private static async Task<int> HistoryAsync(CommandContext context)
    {
        var name = context.Arguments[0];
        var max = context.Line.Option("max") is { } text ? WholeNumber(text, "max").ToString(CultureInfo.InvariantCulture) : null;
        var answer = await context.Api.GetAsync(ApiPaths.Query($"{ApiPaths.Endpoint(name)}/config-history", ("max_results", max)), context.Cancellation);
        context.Output.Write(answer.Body, output => ConfigHistoryView.Write(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> RollbackAsync(CommandContext context)
    {
        var name = context.Arguments[0];
        var version = context.Line.Option("version") is { } text
            ? WholeNumber(text, "version")
            : throw CliException.Usage("Name the config version to roll back to with --version N (see serving-endpoints config-history).");
        var body = new JsonObject { ["config_version"] = version };
        if (context.Line.Option("reason") is { } reason)
        {
            body["reason"] = reason;
        }

        var answer = await context.Api.SendJsonAsync(
            HttpMethod.Post, $"{ApiPaths.Endpoint(name)}/config/rollback", body, context.Cancellation, context.Line.Option("if-match"));
        var pending = JsonText.Of(answer.Json()["pending_config"]?["config_version"]);
        context.Error.WriteLine($"Rolling {name} back to config version {version}{(pending is null ? "" : $" as config version {pending}")}.");
        return await EndpointCommands.FinishAsync(context, name, answer);
    }

    /// <summary>A whole number of at least 1, checked before anything is sent.</summary>
    private static long WholeNumber(string text, string option) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw CliException.Usage($"--{option} must be a whole number of at least 1, not '{text}'.");
}
