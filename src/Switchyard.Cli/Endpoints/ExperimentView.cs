using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary>The experiment report and a rollout as text: a few facts, then tables.</summary>
internal static class ExperimentView
{
    public static void Report(OutputWriter output, JsonObject report)
    {
        var srm = JsonText.Of(report["srm_p_value"]) ?? "-";
        output.Fields(
            ("endpoint", JsonText.Of(report["endpoint_name"])),
            ("config_version", JsonText.Of(report["config_version"])),
            ("control", JsonText.Of(report["control"])),
            ("srm_p_value", report["srm_alert"]?.GetValue<bool>() == true
                ? $"{srm}  SAMPLE RATIO MISMATCH: the arms' shares differ from the split; do not trust the comparisons"
                : srm));
        output.Line();
        var arms = JsonText.Objects(report["arms"]).ToList();
        output.Table(
            ["ARM", "REQUESTS", "UNITS", "SHARE", "EXPECTED", "ERROR_RATE", "P50_MS", "P95_MS", "P99_MS"],
            arms.Select(static a => (IReadOnlyList<string?>)
            [
                JsonText.Of(a["served_entity_name"]), JsonText.Of(a["requests"]), JsonText.Of(a["units"]),
                Number(a["observed_share"]), Number(a["expected_share"]), Number(a["error_rate"]),
                Number(a["latency_ms"]?["p50"]), Number(a["latency_ms"]?["p95"]), Number(a["latency_ms"]?["p99"]),
            ]).ToList());
        var metrics = arms.SelectMany(static a => JsonText.Objects(a["metrics"]).Select(m => (IReadOnlyList<string?>)
        [
            JsonText.Of(a["served_entity_name"]), JsonText.Of(m["metric"]), JsonText.Of(m["count"]),
            Number(m["mean"]), Interval(m["ci"]), Number(m["delta"]), Interval(m["delta_ci"]),
            Number(m["p_value"]), Number(m["msprt_p_value"]),
        ])).ToList();
        if (metrics.Count > 0)
        {
            output.Line();
            output.Table(["ARM", "METRIC", "COUNT", "MEAN", "CI_95", "DELTA", "DELTA_CI_95", "P_VALUE", "MSPRT_P_VALUE"], metrics);
        }
    }

    public static void Rollout(OutputWriter output, JsonObject rollout)
    {
        output.Fields(
            ("state", JsonText.Of(rollout["state"])),
            ("candidate", JsonText.Of(rollout["candidate"])),
            ("step", JsonText.Of(rollout["step"])),
            ("weight", JsonText.Of(rollout["weight"])),
            ("baseline_config_version", JsonText.Of(rollout["baseline_config_version"])),
            ("started", JsonText.Time(rollout["started_ms"])));
        var decisions = JsonText.Objects(rollout["decisions"]).ToList();
        if (decisions.Count == 0)
        {
            return;
        }

        output.Line();
        output.Table(
            ["TIME", "STEP", "WEIGHT", "GATE", "BASELINE", "CANDIDATE", "SAMPLES", "P_VALUE", "VERDICT", "ACTION"],
            decisions.Select(static d => (IReadOnlyList<string?>)
            [
                JsonText.Time(d["time_ms"]), JsonText.Of(d["step"]), JsonText.Of(d["weight"]), JsonText.Of(d["gate"]),
                Number(d["baseline"]), Number(d["candidate"]), JsonText.Of(d["samples"]), Number(d["p_value"]),
                JsonText.Of(d["verdict"]), JsonText.Of(d["action"]),
            ]).ToList());
    }

    /// <summary>A figure to four significant digits, "-" when the report has none (null: not applicable).</summary>
    private static string Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number.ToString("G4", CultureInfo.InvariantCulture) : "-";

    private static string Interval(JsonNode? node) =>
        node is JsonArray { Count: 2 } pair ? $"[{Number(pair[0])}, {Number(pair[1])}]" : "-";
}
