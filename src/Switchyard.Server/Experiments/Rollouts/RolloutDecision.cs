using System.Text.Json.Nodes;
using Switchyard.Core.Experiments;

namespace Switchyard.Server.Experiments.Rollouts;

/// <summary>
/// One decision of a rollout: a gate's judgement at an evaluation with the action taken, or an
/// action of its own (a step applied, an abort) with <see cref="Gate"/> null.
/// </summary>
/// <param name="Step">1-based, as the wire counts steps.</param>
/// <param name="Message">What was decided and why, in words.</param>
public sealed record RolloutDecision(
    long TimeMs, int Step, double Weight, string? Gate, GateJudgement? Judgement, string Action, string Message)
{
    public const string Hold = "hold";
    public const string Advance = "advance";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Rollback = "rollback";
    public const string Complete = "complete";
    public const string Abort = "abort";

    public JsonObject ToJson() => new()
    {
        ["time_ms"] = TimeMs,
        ["step"] = Step,
        ["weight"] = Weight,
        ["gate"] = Gate,
        ["baseline"] = Judgement?.Baseline,
        ["candidate"] = Judgement?.Candidate,
        // The side min_samples is checked on with the fewer samples; both sides below.
        ["samples"] = Judgement is null ? null : Math.Min(Judgement.BaselineSamples, Judgement.CandidateSamples),
        ["baseline_samples"] = Judgement?.BaselineSamples,
        ["candidate_samples"] = Judgement?.CandidateSamples,
        ["p_value"] = Judgement?.PValue,
        ["verdict"] = Judgement?.Verdict switch
        {
            null => null,
            GateVerdict.Pass => "pass",
            GateVerdict.Fail => "fail",
            _ => "inconclusive",
        },
        ["action"] = Action,
        ["message"] = Message,
    };

    public static RolloutDecision FromJson(JsonObject json)
    {
        GateJudgement? judgement = null;
        if (json["verdict"] is JsonValue verdict)
        {
            var kind = verdict.GetValue<string>() switch
            {
                "pass" => GateVerdict.Pass,
                "fail" => GateVerdict.Fail,
                _ => GateVerdict.Inconclusive,
            };
            judgement = new GateJudgement(kind, (double?)json["baseline"], (double?)json["candidate"],
                (long?)json["baseline_samples"] ?? 0, (long?)json["candidate_samples"] ?? 0, (double?)json["p_value"]);
        }

        return new RolloutDecision((long)json["time_ms"]!, (int)json["step"]!, (double)json["weight"]!, (string?)json["gate"], judgement,
            (string)json["action"]!, (string?)json["message"] ?? "");
    }
}
