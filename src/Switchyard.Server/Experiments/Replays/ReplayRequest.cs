using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Experiments.Replays;

/// <summary>
/// What a replay is asked to do, read from <c>POST …/replays</c>: <c>source</c> (only
/// <c>"inference_table"</c>), <c>time_range</c> (<c>start_time_ms</c> inclusive, <c>end_time_ms</c>
/// exclusive, each optional), <c>sample_pct</c> (0 &lt; p ≤ 100, default 100), <c>target_entity</c>
/// (required), <c>rate_limit_rps</c> (above 0, default <see cref="DefaultRateLimitRps"/>) and
/// <c>seed</c> (a whole number, default 0). Anything wrong is a 400 naming the field; an unknown
/// field is refused too, so a misspelt setting is never silently ignored.
/// </summary>
public sealed record ReplayRequest(
    string Source, long? StartTimeMs, long? EndTimeMs, double SamplePct, string TargetEntity, double RateLimitRps, long Seed)
{
    public const string InferenceTable = "inference_table";

    public const double DefaultRateLimitRps = 100;

    private static readonly string[] Fields = ["source", "time_range", "sample_pct", "target_entity", "rate_limit_rps", "seed"];

    public static ReplayRequest Read(JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (Array.IndexOf(Fields, name) < 0)
            {
                throw ServingException.Invalid($"{name} is not a replay field; give {string.Join(", ", Fields)}.");
            }
        }

        var source = String(body, "source") ?? throw ServingException.Invalid($"source is required: \"{InferenceTable}\".");
        if (source != InferenceTable)
        {
            throw ServingException.Invalid($"source '{source}' is not a replay source; the one there is is \"{InferenceTable}\".");
        }

        var (start, end) = TimeRange(body["time_range"]);
        var samplePct = Number(body, "sample_pct") ?? 100;
        if (!(samplePct > 0 && samplePct <= 100))
        {
            throw ServingException.Invalid(Invariant($"sample_pct must be above 0 and at most 100, got {samplePct}."));
        }

        var target = String(body, "target_entity");
        if (string.IsNullOrEmpty(target))
        {
            throw ServingException.Invalid("target_entity is required: the name of a served entity of the endpoint.");
        }

        var rps = Number(body, "rate_limit_rps") ?? DefaultRateLimitRps;
        if (!(rps > 0))
        {
            throw ServingException.Invalid(Invariant($"rate_limit_rps must be above 0, got {rps}."));
        }

        var seed = Integer(body, "seed") ?? 0;
        return new ReplayRequest(source, start, end, samplePct, target, rps, seed);
    }

    /// <summary>The fields as the answers show them.</summary>
    public JsonObject ToJson() => new()
    {
        ["source"] = Source,
        ["time_range"] = StartTimeMs is null && EndTimeMs is null ? null : new JsonObject { ["start_time_ms"] = StartTimeMs, ["end_time_ms"] = EndTimeMs },
        ["sample_pct"] = SamplePct,
        ["target_entity"] = TargetEntity,
        ["rate_limit_rps"] = RateLimitRps,
        ["seed"] = Seed,
    };

    private static (long? Start, long? End) TimeRange(JsonNode? node)
    {
        if (node is null)
        {
            return (null, null);
        }

        if (node is not JsonObject range)
        {
            throw ServingException.Invalid("time_range must be an object: {\"start_time_ms\", \"end_time_ms\"}.");
        }

        foreach (var (name, _) in range)
        {
            if (name is not ("start_time_ms" or "end_time_ms"))
            {
                throw ServingException.Invalid($"time_range.{name} is not a field; give start_time_ms and/or end_time_ms.");
            }
        }

        var start = Integer(range, "start_time_ms", "time_range.");
        var end = Integer(range, "end_time_ms", "time_range.");
        if (start < 0 || end < 0)
        {
            throw ServingException.Invalid("time_range.start_time_ms and end_time_ms are epoch milliseconds, never negative.");
        }

        if (start is not null && end is not null && start >= end)
        {
            throw ServingException.Invalid(Invariant($"time_range.start_time_ms ({start}) must be before end_time_ms ({end})."));
        }

        return (start, end);
    }

    private static string? String(JsonObject body, string field) => body[field] switch
    {
        null => null,
        var node when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
        _ => throw ServingException.Invalid($"{field} must be a string."),
    };

    private static double? Number(JsonObject body, string field) => body[field] switch
    {
        null => null,
        var node when node.GetValueKind() == JsonValueKind.Number => node.GetValue<double>(),
        _ => throw ServingException.Invalid($"{field} must be a number."),
    };

    private static long? Integer(JsonObject body, string field, string path = "") => body[field] switch
    {
        null => null,
        JsonValue node when node.GetValueKind() == JsonValueKind.Number && node.TryGetValue<long>(out var whole) => whole,
        _ => throw ServingException.Invalid($"{path}{field} must be a whole number."),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
