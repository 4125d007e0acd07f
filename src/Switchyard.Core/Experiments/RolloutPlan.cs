namespace Switchyard.Core.Experiments;

/// <summary>
/// What a progressive rollout is asked to do: move <see cref="Candidate"/> through
/// <see cref="Steps"/>, judging <see cref="Gates"/> every <see cref="EvaluationIntervalS"/>
/// seconds, rolling back after <see cref="FailureLimit"/> failing gate judgements.
/// </summary>
public sealed record RolloutPlan(
    string Candidate,
    IReadOnlyList<RolloutStep> Steps,
    IReadOnlyList<RolloutGate> Gates,
    int FailureLimit,
    InconclusiveAction OnInconclusive,
    int EvaluationIntervalS);

/// <summary>One step: the candidate's share in basis points of 10000, held for <see cref="HoldS"/> seconds.</summary>
public sealed record RolloutStep(int WeightBasisPoints, long HoldS)
{
    /// <summary>The share in percent, as the wire writes it (10, or 0.5 for a canary under 1%).</summary>
    public double Weight => WeightBasisPoints / 100.0;
}

/// <summary>
/// One gate: <see cref="Metric"/> (<c>error_rate</c>, <c>p99_ms</c> or <c>feedback:&lt;name&gt;</c>)
/// judged against the baseline or an absolute bound.
/// </summary>
public sealed record RolloutGate(string Metric, GateComparator Comparator, double MaxDegradation, long MinSamples)
{
    public const string ErrorRate = "error_rate";

    public const string P99Ms = "p99_ms";

    public const string FeedbackPrefix = "feedback:";

    /// <summary>The feedback metric's name for a <c>feedback:&lt;name&gt;</c> gate; null for the others.</summary>
    public string? FeedbackMetric => Metric.StartsWith(FeedbackPrefix, StringComparison.Ordinal) ? Metric[FeedbackPrefix.Length..] : null;
}

public enum GateComparator
{
    VsBaseline,
    Absolute,
}

public enum InconclusiveAction
{
    Pause,
    Rollback,
}

/// <summary>The wire spellings of the rollout enums.</summary>
public static class RolloutWire
{
    public static string ToWire(this GateComparator comparator) => comparator == GateComparator.Absolute ? "absolute" : "vs_baseline";

    public static string ToWire(this InconclusiveAction action) => action == InconclusiveAction.Rollback ? "rollback" : "pause";
}
