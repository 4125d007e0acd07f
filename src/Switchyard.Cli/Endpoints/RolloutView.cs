using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary>A rollout as text: where it stands, then its decisions in the order they were taken.</summary>
internal static class RolloutView
{
    public static void Write(OutputWriter output, JsonObject rollout)
    {
        var steps = JsonText.Objects(rollout["steps"]).ToList();
        output.Fields(
            ("state", JsonText.Of(rollout["state"])),
            ("candidate", JsonText.Of(rollout["candidate"])),
            ("step", $"{JsonText.Of(rollout["step"])} of {steps.Count}"),
            ("weight", $"{JsonText.Of(rollout["weight"])}%"),
            ("steps", string.Join(" -> ", steps.Select(static s => $"{JsonText.Of(s["weight"])}% for {JsonText.Of(s["hold_s"])} s"))),
            ("baseline_config_version", JsonText.Of(rollout["baseline_config_version"])),
            ("started", JsonText.Time(rollout["started_ms"])),
            ("end_reason", JsonText.Of(rollout["end_reason"]) ?? "-"));
        var decisions = JsonText.Objects(rollout["decisions"]).ToList();
        if (decisions.Count == 0)
        {
            return;
        }

        output.Line();
        output.Table(
            ["TIME", "STEP", "WEIGHT", "GATE", "BASELINE", "CANDIDATE", "SAMPLES", "P_VALUE", "VERDICT", "ACTION", "MESSAGE"],
            decisions.Select(static d => (IReadOnlyList<string?>)
            [
                JsonText.Time(d["time_ms"]), JsonText.Of(d["step"]), JsonText.Of(d["weight"]), JsonText.Of(d["gate"]) ?? "-",
                Number(d["baseline"]), Number(d["candidate"]), JsonText.Of(d["samples"]) ?? "-", Number(d["p_value"]),
                JsonText.Of(d["verdict"]) ?? "-", JsonText.Of(d["action"]), JsonText.Of(d["message"]) ?? "",
            ]).ToList());
    }

    /// <summary>A figure to four significant digits, "-" when there is none (null: not judged).</summary>
    private static string Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number.ToString("G4", CultureInfo.InvariantCulture) : "-";
}
