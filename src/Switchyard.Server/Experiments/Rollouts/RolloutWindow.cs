using Switchyard.Core.Experiments;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Experiments.Rollouts;

/// <summary>
/// Judges a rollout's gates over its current step's window: the candidate's and the baseline's
/// traffic since the step applied (the served entities' running totals less their readings at the
/// step's start), and the feedback recorded since then.
/// </summary>
public sealed class RolloutWindow(IRolloutFeedback feedback)
{
    /// <summary>Every served entity's totals now, to judge the next window from.</summary>
    public static void Read(ProgressiveRollout rollout, EndpointRoute? live)
    {
        rollout.StepReadings.Clear();
        foreach (var entity in live?.Entities ?? [])
        {
            rollout.StepReadings[entity] = entity.Traffic.Totals();
        }
    }

    public async Task<IReadOnlyList<(RolloutGate Gate, GateJudgement Judgement)>> JudgeAsync(
        ProgressiveRollout rollout, EndpointRoute? live, CancellationToken ct)
    {
        var candidate = TrafficTotals.None;
        var baseline = TrafficTotals.None;
        foreach (var entity in live?.Entities ?? [])
        {
            // An entity rebuilt since the step began (no reading of this instance) counts whole: all it served is in the window.
            var since = entity.Traffic.Totals().Since(rollout.StepReadings.GetValueOrDefault(entity) ?? TrafficTotals.None);
            if (entity.Name == rollout.Plan.Candidate)
            {
                candidate = since;
            }
            else if (rollout.Baseline.Contains(entity.Name))
            {
                baseline = baseline.Plus(since);
            }
        }

        var judgements = new List<(RolloutGate, GateJudgement)>(rollout.Plan.Gates.Count);
        foreach (var gate in rollout.Plan.Gates)
        {
            var judgement = gate.Metric switch
            {
                RolloutGate.ErrorRate => GateJudge.ErrorRate(gate, baseline, candidate),
                RolloutGate.P99Ms => GateJudge.P99(gate, baseline, candidate),
                _ => GateJudge.Feedback(gate,
                    await feedback.SummarizeAsync(rollout.EndpointName, rollout.Baseline, gate.FeedbackMetric!, rollout.StepStartedMs, ct),
                    await feedback.SummarizeAsync(rollout.EndpointName, [rollout.Plan.Candidate], gate.FeedbackMetric!, rollout.StepStartedMs, ct)),
            };
            judgements.Add((gate, judgement));
        }

        return judgements;
    }
}
