using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Experiments;

namespace Switchyard.Server.Experiments;

/// <summary>
/// The experiment report on the wire, written canonically so the same rows give byte-identical
/// JSON: every object's keys in ordinal order, arms and metrics by name, numbers rounded to 12
/// significant digits (past that, the last bits of a sum are noise) and written shortest-round-trip.
/// Every key is always present; a figure that does not apply is null.
/// </summary>
internal static class ReportJson
{
    public static string Write(ExperimentReport report)
    {
        var root = new JsonObject
        {
            ["endpoint_name"] = report.EndpointName,
            ["config_version"] = report.ConfigVersion,
            ["control"] = report.Control,
            ["arms"] = Arms(report.Current),
            ["srm_p_value"] = Number(report.Current.SrmPValue),
            ["srm_alert"] = report.Current.SrmAlert,
            ["segments"] = new JsonArray([.. report.Segments.Select(Segment)]),
        };
        return Canonical(root);
    }

    private static JsonObject Segment(ReadoutSegment segment) => new()
    {
        ["config_version"] = segment.ConfigVersion,
        ["control"] = segment.Control,
        ["arms"] = Arms(segment),
        ["srm_p_value"] = Number(segment.SrmPValue),
        ["srm_alert"] = segment.SrmAlert,
    };

    private static JsonArray Arms(ReadoutSegment segment) => new([.. segment.Arms.Select(Arm)]);

    private static JsonObject Arm(ArmReadout arm) => new()
    {
        ["served_entity_name"] = arm.ServedEntityName,
        ["requests"] = arm.Requests,
        ["units"] = arm.Units,
        ["expected_share"] = Number(arm.ExpectedShare),
        ["observed_share"] = Number(arm.ObservedShare),
        ["error_rate"] = Number(arm.ErrorRate),
        ["latency_ms"] = new JsonObject
        {
            ["p50"] = Number(arm.Latency?.P50), ["p95"] = Number(arm.Latency?.P95), ["p99"] = Number(arm.Latency?.P99),
        },
        ["tokens"] = new JsonObject { ["input"] = arm.Tokens.Input, ["output"] = arm.Tokens.Output },
        ["metrics"] = new JsonArray([.. arm.Metrics.Select(Metric)]),
    };

    private static JsonObject Metric(MetricReadout metric) => new()
    {
        ["metric"] = metric.Metric,
        ["count"] = metric.Count,
        ["mean"] = Number(metric.Mean),
        ["ci"] = Interval(metric.CiLow, metric.CiHigh),
        ["test"] = metric.VsControl?.Test,
        ["delta"] = Number(metric.VsControl?.Delta),
        ["delta_ci"] = Interval(metric.VsControl?.CiLow, metric.VsControl?.CiHigh),
        ["p_value"] = Number(metric.VsControl?.PValue),
        ["msprt_p_value"] = Number(metric.VsControl?.MsprtPValue),
    };

    private static JsonArray? Interval(double? low, double? high) =>
        Number(low) is { } lo && Number(high) is { } hi ? new JsonArray(lo, hi) : null;

    /// <summary>Rounded to 12 significant digits; null for a missing or non-finite figure.</summary>
    private static JsonNode? Number(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return null;
        }

        var rounded = double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // -0 (a Δ of two equal means, computed one way round) is written as 0, as the other way round would give.
        return JsonValue.Create(rounded == 0 ? 0.0 : rounded);
    }

    private static string Canonical(JsonNode root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSorted(writer, root);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, child);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var child in array)
                {
                    WriteSorted(writer, child);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
