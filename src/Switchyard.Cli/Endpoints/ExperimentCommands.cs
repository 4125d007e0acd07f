using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary><c>serving-endpoints experiment-report</c>: the A/B readout as tables (ours; Databricks has none).</summary>
internal static class ExperimentCommands
{
    private const string Group = "serving-endpoints";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "experiment-report", "NAME",
            "Show the A/B readout: per arm requests, units, shares, SRM, errors, latency and each feedback metric vs the control "
            + "(--control SERVED, --since DURATION such as 24h).",
            1, 1, ["control", "since"], ReportAsync),
    ];

    private static async Task<int> ReportAsync(CommandContext context)
    {
        var name = context.Arguments[0];
        string? start = null;
        if (context.Line.Option("since") is { } since)
        {
            var from = context.Environment.Time.GetUtcNow() - Durations.Parse(since, "since");
            start = from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        }

        var path = ApiPaths.Query($"{ApiPaths.Endpoint(name)}/experiment-report", ("start_time_ms", start), ("control", context.Line.Option("control")));
        var answer = await context.Api.GetAsync(path, context.Cancellation);
        context.Output.Write(answer.Body, output => Report(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static void Report(OutputWriter output, JsonObject report)
    {
        output.Fields(
            ("endpoint", JsonText.Of(report["endpoint_name"])),
            ("config_version", JsonText.Of(report["config_version"])),
            ("control", JsonText.Of(report["control"])));
        Segment(output, report);
        // The top level is the serving version's segment; the others follow, newest first.
        var current = JsonText.Of(report["config_version"]);
        foreach (var segment in JsonText.Objects(report["segments"]).Where(s => JsonText.Of(s["config_version"]) != current))
        {
            output.Line();
            output.Line($"Earlier config version {JsonText.Of(segment["config_version"])} (control {JsonText.Of(segment["control"]) ?? "-"}):");
            Segment(output, segment);
        }
    }

    private static void Segment(OutputWriter output, JsonObject segment)
    {
        var srm = segment["srm_p_value"] is null ? "-" : Number(segment["srm_p_value"]);
        output.Line($"SRM p-value: {srm}{(segment["srm_alert"]?.GetValue<bool>() == true ? "  ALERT: the split is not what the weights promise" : "")}");
        var arms = JsonText.Objects(segment["arms"]).ToList();
        output.Table(
            ["ARM", "REQUESTS", "UNITS", "EXPECTED", "OBSERVED", "ERRORS", "P50 MS", "P95 MS", "P99 MS", "TOKENS IN/OUT"],
            [.. arms.Select(static arm => (IReadOnlyList<string?>)
            [
                JsonText.Of(arm["served_entity_name"]), JsonText.Of(arm["requests"]), JsonText.Of(arm["units"]),
                Percent(arm["expected_share"]), Percent(arm["observed_share"]), Percent(arm["error_rate"]),
                Number(arm["latency_ms"]?["p50"]), Number(arm["latency_ms"]?["p95"]), Number(arm["latency_ms"]?["p99"]),
                $"{JsonText.Of(arm["tokens"]?["input"]) ?? "-"}/{JsonText.Of(arm["tokens"]?["output"]) ?? "-"}",
            ])]);
        var metrics = arms
            .SelectMany(static arm => JsonText.Objects(arm["metrics"]).Select(metric => (Arm: JsonText.Of(arm["served_entity_name"]), Metric: metric)))
            .OrderBy(static m => JsonText.Of(m.Metric["metric"]), StringComparer.Ordinal)
            .ToList();
        if (metrics.Count == 0)
        {
            return;
        }

        output.Line();
        output.Table(
            ["METRIC", "ARM", "UNITS", "MEAN", "95% CI", "DELTA", "DELTA 95% CI", "P", "MSPRT P"],
            [.. metrics.Select(static m => (IReadOnlyList<string?>)
            [
                JsonText.Of(m.Metric["metric"]), m.Arm, JsonText.Of(m.Metric["count"]), Number(m.Metric["mean"]), Interval(m.Metric["ci"]),
                Number(m.Metric["delta"]), Interval(m.Metric["delta_ci"]), Number(m.Metric["p_value"]), Number(m.Metric["msprt_p_value"]),
            ])]);
    }

    private static string Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number.ToString("G4", CultureInfo.InvariantCulture) : "-";

    private static string Percent(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var share) ? (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Interval(JsonNode? node) =>
        node is JsonArray { Count: 2 } bounds ? $"[{Number(bounds[0])}, {Number(bounds[1])}]" : "-";
}
