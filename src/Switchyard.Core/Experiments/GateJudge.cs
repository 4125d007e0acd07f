using System.Globalization;
using Switchyard.Core.Routing;

namespace Switchyard.Core.Experiments;

public enum GateVerdict
{
    Pass,
    Fail,
    Inconclusive,
}

/// <summary>
/// One gate judged over one window: the verdict, the two sides' figures (error rates, p99
/// milliseconds or feedback means), how many samples each side had, and the always-valid p-value
/// of "the candidate is worse than the tolerance" where a test applies (null for p99).
/// </summary>
public sealed record GateJudgement(
    GateVerdict Verdict, double? Baseline, double? Candidate, long BaselineSamples, long CandidateSamples, double? PValue)
{
    /// <summary>"error_rate vs_baseline: candidate 0.5000 vs baseline 0.0000 (100/98 samples, p=0.0000)", for reasons and events.</summary>
    public string Describe(RolloutGate gate)
    {
        var p = PValue is { } value ? string.Create(CultureInfo.InvariantCulture, $", p={value:0.0000}") : "";
        var bound = gate.Comparator == GateComparator.Absolute
            ? string.Create(CultureInfo.InvariantCulture, $"bound {gate.MaxDegradation}")
            : string.Create(CultureInfo.InvariantCulture, $"baseline {Figure(Baseline)}, max degradation {gate.MaxDegradation}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{gate.Metric} {gate.Comparator.ToWire()}: candidate {Figure(Candidate)} vs {bound} ({CandidateSamples} candidate / {BaselineSamples} baseline samples{p})");
    }

    private static string Figure(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
}

/// <summary>
/// Judges a rollout's gates. A side with fewer than min_samples is inconclusive. Because the gates
/// are looked at every evaluation interval, the error-rate and feedback gates use the always-valid
/// mSPRT p-value (<see cref="Statistics.MsprtPValue"/>) of the degradation beyond the tolerance, so
/// looking often does not make a healthy candidate fail more often: a gate fails when the observed
/// degradation exceeds max_degradation and that excess is significant (p &lt; 0.05). p99 is compared
/// as measured (a quantile has no such test here).
/// </summary>
public static class GateJudge
{
    public const double Alpha = 0.05;

    /// <summary>The smallest mixing scale of the mSPRT prior for rates: a one-point change.</summary>
    private const double LeastRateScale = 0.01;

    /// <summary>Error rate, failed queries (status ≥ 400) over answered ones. vs_baseline: Δ = candidate − baseline.</summary>
    public static GateJudgement ErrorRate(RolloutGate gate, TrafficTotals baseline, TrafficTotals candidate)
    {
        var absolute = gate.Comparator == GateComparator.Absolute;
        double? baseRate = baseline.Requests > 0 ? (double)baseline.Errors / baseline.Requests : null;
        double? candRate = candidate.Requests > 0 ? (double)candidate.Errors / candidate.Requests : null;
        if (candidate.Requests < gate.MinSamples || (!absolute && baseline.Requests < gate.MinSamples))
        {
            return new(GateVerdict.Inconclusive, baseRate, candRate, baseline.Requests, candidate.Requests, null);
        }

        var c = candRate!.Value;
        // Absolute: the candidate against a fixed rate; vs_baseline: against the baseline's, whose own noise counts too.
        var reference = absolute ? gate.MaxDegradation : baseRate!.Value + gate.MaxDegradation;
        var variance = c * (1 - c) / candidate.Requests + (absolute ? 0 : baseRate!.Value * (1 - baseRate.Value) / baseline.Requests);
        var scale = Math.Max(gate.MaxDegradation, LeastRateScale);
        var p = ExcessPValue(c - reference, variance, scale * scale);
        var verdict = c > reference && p < Alpha ? GateVerdict.Fail : GateVerdict.Pass;
        return new(verdict, baseRate, c, baseline.Requests, candidate.Requests, p);
    }

    /// <summary>
    /// p99 latency in ms from the histograms. vs_baseline fails when (candidate − baseline) / baseline
    /// exceeds max_degradation; absolute when the candidate's p99 exceeds max_degradation ms.
    /// </summary>
    public static GateJudgement P99(RolloutGate gate, TrafficTotals baseline, TrafficTotals candidate)
    {
        var absolute = gate.Comparator == GateComparator.Absolute;
        var baseP99 = baseline.LatencyQuantile(0.99);
        var candP99 = candidate.LatencyQuantile(0.99);
        if (candidate.Requests < gate.MinSamples || (!absolute && baseline.Requests < gate.MinSamples) || candP99 is null
            || (!absolute && baseP99 is null))
        {
            return new(GateVerdict.Inconclusive, baseP99, candP99, baseline.Requests, candidate.Requests, null);
        }

        var worse = absolute
            ? candP99.Value > gate.MaxDegradation
            : (candP99.Value - baseP99!.Value) / baseP99.Value > gate.MaxDegradation;
        return new(worse ? GateVerdict.Fail : GateVerdict.Pass, baseP99, candP99, baseline.Requests, candidate.Requests, null);
    }

    /// <summary>
    /// A feedback metric, where higher is better: degradation is a fall of the candidate's mean.
    /// vs_baseline fails when baseline − candidate exceeds max_degradation significantly (Welch's
    /// variance); absolute when the candidate's mean falls below max_degradation significantly.
    /// </summary>
    public static GateJudgement Feedback(RolloutGate gate, SampleSummary baseline, SampleSummary candidate)
    {
        var absolute = gate.Comparator == GateComparator.Absolute;
        double? baseMean = baseline.Count > 0 ? baseline.Mean : null;
        double? candMean = candidate.Count > 0 ? candidate.Mean : null;
        if (candidate.Count < gate.MinSamples || (!absolute && baseline.Count < gate.MinSamples))
        {
            return new(GateVerdict.Inconclusive, baseMean, candMean, baseline.Count, candidate.Count, null);
        }

        var fall = absolute ? gate.MaxDegradation - candidate.Mean : baseline.Mean - candidate.Mean - gate.MaxDegradation;
        var variance = candidate.Variance / candidate.Count + (absolute ? 0 : baseline.Variance / baseline.Count);
        // Prior scale: the tolerance, or a tenth of a standard deviation when that is larger (the metric's own scale).
        var spread = Math.Sqrt(absolute ? candidate.Variance : (candidate.Variance + baseline.Variance) / 2);
        var scale = Math.Max(Math.Max(gate.MaxDegradation, 0.1 * spread), 1e-9);
        var p = ExcessPValue(fall, variance, scale * scale);
        var verdict = fall > 0 && p < Alpha ? GateVerdict.Fail : GateVerdict.Pass;
        return new(verdict, baseMean, candMean, baseline.Count, candidate.Count, p);
    }

    /// <summary>The always-valid p-value of an excess over the tolerance; exact (0 or 1) when neither side varies.</summary>
    private static double ExcessPValue(double excess, double variance, double tau2) =>
        variance > 0 ? Statistics.MsprtPValue(excess, variance, tau2) : excess > 0 ? 0 : 1;
}
