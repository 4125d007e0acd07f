using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Core.Experiments;

/// <summary>
/// Reads the body of <c>POST …/rollout</c>. Every problem is collected and reported in one
/// INVALID_PARAMETER_VALUE naming each field; nothing starts when there is any. Whether the
/// candidate fits the endpoint is checked by the caller, against the endpoint as it stands.
/// </summary>
public static class RolloutPlanReader
{
    public const int DefaultEvaluationIntervalS = 10;

    public const int DefaultFailureLimit = 1;

    public const int MostSteps = 20;

    public const int MostGates = 10;

    /// <summary>A day: a longer hold is more likely a unit mistake (milliseconds) than a plan.</summary>
    public const long MostHoldS = 86_400;

    private static readonly string[] Fields =
        ["candidate", "steps", "gates", "failure_limit", "on_inconclusive", "evaluation_interval_s"];

    public static RolloutPlan Read(JsonObject body)
    {
        var errors = new List<string>();
        foreach (var (field, _) in body)
        {
            if (!Fields.Contains(field))
            {
                errors.Add($"{field} is not a field of a rollout; give {string.Join(", ", Fields)}.");
            }
        }

        var candidate = body["candidate"] is JsonValue c && c.GetValueKind() == JsonValueKind.String ? c.GetValue<string>() : null;
        if (string.IsNullOrEmpty(candidate))
        {
            errors.Add("candidate is required: the name of a served entity of the endpoint's config.");
        }

        var steps = ReadSteps(body["steps"], errors);
        var gates = ReadGates(body["gates"], errors);
        var failureLimit = WholeNumber(body, "failure_limit", DefaultFailureLimit, 1, 1000, errors);
        var interval = WholeNumber(body, "evaluation_interval_s", DefaultEvaluationIntervalS, 1, 3600, errors);
        var onInconclusive = InconclusiveAction.Pause;
        switch (body["on_inconclusive"])
        {
            case null:
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "pause":
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "rollback":
                onInconclusive = InconclusiveAction.Rollback;
                break;
            default:
                errors.Add($"on_inconclusive must be \"pause\" or \"rollback\", got {body["on_inconclusive"]!.ToJsonString()}.");
                break;
        }

        if (errors.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", errors));
        }

        return new RolloutPlan(candidate!, steps, gates, (int)failureLimit!.Value, onInconclusive, (int)interval!.Value);
    }

    private static List<RolloutStep> ReadSteps(JsonNode? node, List<string> errors)
    {
        var steps = new List<RolloutStep>();
        if (node is not JsonArray list || list.Count == 0)
        {
            errors.Add("steps is required: a non-empty list of {\"weight\": percent, \"hold_s\": seconds}.");
            return steps;
        }

        if (list.Count > MostSteps)
        {
            errors.Add($"steps lists {list.Count} steps; at most {MostSteps} are allowed.");
        }

        var previous = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"steps[{i}]";
            if (list[i] is not JsonObject step)
            {
                errors.Add($"{path} must be a JSON object with weight and hold_s.");
                continue;
            }

            Unknown(step, path, ["weight", "hold_s"], errors);
            var weight = Weight(step["weight"], $"{path}.weight", errors);
            var last = i == list.Count - 1;
            // Only the last step may hold for 0 s: reaching it ends the rollout at once.
            var hold = WholeNumber(step, "hold_s", null, last ? 0 : 1, MostHoldS, errors, path);
            if (weight is { } w)
            {
                if (w <= previous)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{path}.weight {w / 100.0} must be greater than the step before ({previous / 100.0}): weights increase."));
                }

                previous = Math.Max(previous, w);
            }

            if (weight is { } okWeight && hold is { } okHold)
            {
                steps.Add(new RolloutStep(okWeight, okHold));
            }
        }

        return steps;
    }

    /// <summary>A share in percent, 0 &lt; w ≤ 100, in steps of a basis point (0.01%).</summary>
    private static int? Weight(JsonNode? node, string path, List<string> errors)
    {
        if (node is null)
        {
            errors.Add($"{path} is required: the candidate's share in percent, more than 0 and at most 100.");
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<double>(out var percent)
            && percent > 0 && percent <= 100)
        {
            var basisPoints = percent * 100;
            var rounded = Math.Round(basisPoints);
            if (Math.Abs(basisPoints - rounded) < 1e-6)
            {
                return (int)rounded;
            }

            errors.Add($"{path} {node.ToJsonString()} must be a whole number of basis points (at most two decimals).");
            return null;
        }

        errors.Add($"{path} must be a number more than 0 and at most 100, got {node.ToJsonString()}.");
        return null;
    }

    private static List<RolloutGate> ReadGates(JsonNode? node, List<string> errors)
    {
        var gates = new List<RolloutGate>();
        if (node is null)
        {
            return gates;
        }

        if (node is not JsonArray list)
        {
            errors.Add("gates must be a list of {metric, comparator, max_degradation, min_samples}.");
            return gates;
        }

        if (list.Count > MostGates)
        {
            errors.Add($"gates lists {list.Count} gates; at most {MostGates} are allowed.");
        }

        for (var i = 0; i < list.Count; i++)
        {
            var path = $"gates[{i}]";
            if (list[i] is not JsonObject gate)
            {
                errors.Add($"{path} must be a JSON object.");
                continue;
            }

            Unknown(gate, path, ["metric", "comparator", "max_degradation", "min_samples"], errors);
            var metric = Metric(gate["metric"], $"{path}.metric", errors);
            GateComparator? comparator = gate["comparator"] switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "vs_baseline" => GateComparator.VsBaseline,
                JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "absolute" => GateComparator.Absolute,
                _ => null,
            };
            if (comparator is null)
            {
                errors.Add($"{path}.comparator must be \"vs_baseline\" or \"absolute\", got {gate["comparator"]?.ToJsonString() ?? "nothing"}.");
            }

            double? maxDegradation = null;
            if (gate["max_degradation"] is JsonValue m && m.GetValueKind() == JsonValueKind.Number && m.TryGetValue<double>(out var max)
                && max >= 0 && double.IsFinite(max))
            {
                maxDegradation = max;
            }
            else
            {
                errors.Add($"{path}.max_degradation must be a number of at least 0, got {gate["max_degradation"]?.ToJsonString() ?? "nothing"}.");
            }

            var minSamples = WholeNumber(gate, "min_samples", null, 1, 1_000_000_000, errors, path);
            if (metric is not null && comparator is { } okComparator && maxDegradation is { } okMax && minSamples is { } okMin)
            {
                if (metric == RolloutGate.ErrorRate && okComparator == GateComparator.Absolute && okMax > 1)
                {
                    errors.Add($"{path}.max_degradation {okMax.ToString(CultureInfo.InvariantCulture)} is an error rate, at most 1.");
                    continue;
                }

                gates.Add(new RolloutGate(metric, okComparator, okMax, okMin));
            }
        }

        return gates;
    }

    private static string? Metric(JsonNode? node, string path, List<string> errors)
    {
        var text = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (text is RolloutGate.ErrorRate or RolloutGate.P99Ms)
        {
            return text;
        }

        if (text is not null && text.StartsWith(RolloutGate.FeedbackPrefix, StringComparison.Ordinal)
            && text.Length > RolloutGate.FeedbackPrefix.Length && text.Length <= 200)
        {
            return text;
        }

        errors.Add($"{path} must be \"error_rate\", \"p99_ms\" or \"feedback:<name>\", got {node?.ToJsonString() ?? "nothing"}.");
        return null;
    }

    private static void Unknown(JsonObject obj, string path, string[] known, List<string> errors)
    {
        foreach (var (field, _) in obj)
        {
            if (!known.Contains(field))
            {
                errors.Add($"{path}.{field} is not a field; give {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>A whole number from <paramref name="least"/> to <paramref name="most"/>; <paramref name="fallback"/> when absent (null: required).</summary>
    private static long? WholeNumber(JsonObject obj, string field, long? fallback, long least, long most, List<string> errors, string? path = null)
    {
        var name = path is null ? field : $"{path}.{field}";
        var node = obj[field];
        if (node is null)
        {
            if (fallback is null)
            {
                errors.Add($"{name} is required.");
            }

            return fallback;
        }

        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<double>(out var value)
            && value == Math.Floor(value) && value >= least && value <= most)
        {
            return (long)value;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number from {least} to {most}, got {node.ToJsonString()}."));
        return null;
    }
}
