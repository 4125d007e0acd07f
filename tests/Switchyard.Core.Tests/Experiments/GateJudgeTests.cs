using Switchyard.Core.Experiments;
using Switchyard.Core.Routing;

namespace Switchyard.Core.Tests.Experiments;

/// <summary>
/// The rollout gates' judgements: inconclusive below min_samples, a real degradation fails, and
/// (statistically) a candidate no worse than its baseline almost never fails however often it is looked at.
/// </summary>
public sealed class GateJudgeTests
{
    private static readonly RolloutGate ErrorRateGate = new(RolloutGate.ErrorRate, GateComparator.VsBaseline, 0.02, 100);

    [Fact]
    public void TooFewSamples_OnEitherSide_IsInconclusive()
    {
        Assert.Equal(GateVerdict.Inconclusive, GateJudge.ErrorRate(ErrorRateGate, Totals(99, 0), Totals(500, 500)).Verdict);
        Assert.Equal(GateVerdict.Inconclusive, GateJudge.ErrorRate(ErrorRateGate, Totals(500, 0), Totals(99, 99)).Verdict);
        // Absolute compares the candidate with a bound: the baseline's count does not matter.
        var absolute = ErrorRateGate with { Comparator = GateComparator.Absolute, MaxDegradation = 0.1 };
        Assert.Equal(GateVerdict.Fail, GateJudge.ErrorRate(absolute, Totals(0, 0), Totals(100, 100)).Verdict);
    }

    [Fact]
    public void ACandidateThatAlwaysFails_Fails_AgainstABaselineThatNeverDoes()
    {
        var judgement = GateJudge.ErrorRate(ErrorRateGate, Totals(100, 0), Totals(100, 100));

        Assert.Equal(GateVerdict.Fail, judgement.Verdict);
        Assert.Equal((0.0, 1.0, 0.0), (judgement.Baseline!.Value, judgement.Candidate!.Value, judgement.PValue!.Value));
    }

    [Fact]
    public void ADegradationWithinTheTolerance_Passes_AndOneBeyondIt_Fails()
    {
        // 1% more errors with a 2-point tolerance passes; 10% more fails.
        Assert.Equal(GateVerdict.Pass, GateJudge.ErrorRate(ErrorRateGate, Totals(5000, 50), Totals(5000, 100)).Verdict);
        Assert.Equal(GateVerdict.Fail, GateJudge.ErrorRate(ErrorRateGate, Totals(5000, 50), Totals(5000, 550)).Verdict);
        // Fewer errors than the baseline never fails.
        Assert.Equal(GateVerdict.Pass, GateJudge.ErrorRate(ErrorRateGate, Totals(5000, 550), Totals(5000, 50)).Verdict);
    }

    [Fact]
    public void AnAaCandidate_LookedAtEveryFiftySamples_RarelyEverFails()
    {
        // 400 rollouts of a candidate with the baseline's 5% error rate, each judged after every 50
        // queries per side up to 2000 (40 looks), tolerance 0: the always-valid test keeps the chance
        // of ever failing at most α = 5%; a fixed-horizon test looked at 40 times would fail far more often.
        var random = new Random(16);
        var gate = ErrorRateGate with { MaxDegradation = 0, MinSamples = 50 };
        var everFailed = 0;
        for (var run = 0; run < 400; run++)
        {
            long baseErrors = 0, candErrors = 0;
            for (var n = 1; n <= 2000; n++)
            {
                baseErrors += random.NextDouble() < 0.05 ? 1 : 0;
                candErrors += random.NextDouble() < 0.05 ? 1 : 0;
                if (n % 50 == 0 && GateJudge.ErrorRate(gate, Totals(n, baseErrors), Totals(n, candErrors)).Verdict == GateVerdict.Fail)
                {
                    everFailed++;
                    break;
                }
            }
        }

        // 5% plus three standard errors of a proportion over 400 runs.
        Assert.True(everFailed / 400.0 <= 0.05 + (3 * Math.Sqrt(0.05 * 0.95 / 400)), $"{everFailed} of 400 A/A rollouts failed");
    }

    [Fact]
    public void P99_ComparesRelativeToTheBaseline_OrWithAnAbsoluteBound()
    {
        var baseline = Latencies(100, 10);
        var slow = Latencies(100, 40);
        var relative = new RolloutGate(RolloutGate.P99Ms, GateComparator.VsBaseline, 1.0, 50);

        var judged = GateJudge.P99(relative, baseline, slow);
        Assert.Equal(GateVerdict.Fail, judged.Verdict);
        Assert.Null(judged.PValue);
        Assert.InRange(judged.Candidate!.Value, 40 / 1.13, 40 * 1.13);
        Assert.Equal(GateVerdict.Pass, GateJudge.P99(relative with { MaxDegradation = 4 }, baseline, slow).Verdict);
        Assert.Equal(GateVerdict.Pass, GateJudge.P99(relative, baseline, Latencies(100, 10)).Verdict);
        var absolute = new RolloutGate(RolloutGate.P99Ms, GateComparator.Absolute, 50, 50);
        Assert.Equal(GateVerdict.Pass, GateJudge.P99(absolute, TrafficTotals.None, slow).Verdict);
        Assert.Equal(GateVerdict.Fail, GateJudge.P99(absolute with { MaxDegradation = 20 }, TrafficTotals.None, slow).Verdict);
        Assert.Equal(GateVerdict.Inconclusive, GateJudge.P99(relative, Latencies(10, 10), slow).Verdict);
    }

    [Fact]
    public void Feedback_FailsOnAFallOfTheCandidatesMean_NeverOnARise()
    {
        var gate = new RolloutGate("feedback:clicked", GateComparator.VsBaseline, 0.01, 100);
        var baseline = new SampleSummary(4000, 0.30, 0.30 * 0.70);

        Assert.Equal(GateVerdict.Fail, GateJudge.Feedback(gate, baseline, new SampleSummary(4000, 0.20, 0.20 * 0.80)).Verdict);
        Assert.Equal(GateVerdict.Pass, GateJudge.Feedback(gate, baseline, new SampleSummary(4000, 0.40, 0.40 * 0.60)).Verdict);
        Assert.Equal(GateVerdict.Pass, GateJudge.Feedback(gate, baseline, new SampleSummary(4000, 0.295, 0.295 * 0.705)).Verdict);
        Assert.Equal(GateVerdict.Inconclusive, GateJudge.Feedback(gate, baseline, new SampleSummary(99, 0.0, 0.0)).Verdict);
        Assert.Equal("feedback:clicked", gate.Metric);
        Assert.Equal("clicked", gate.FeedbackMetric);
    }

    private static TrafficTotals Totals(long requests, long errors)
    {
        var latency = new long[LatencyBuckets.Count];
        latency[LatencyBuckets.IndexOf(1)] = requests;
        return new TrafficTotals(requests, errors, latency);
    }

    private static TrafficTotals Latencies(long requests, double ms)
    {
        var latency = new long[LatencyBuckets.Count];
        latency[LatencyBuckets.IndexOf(ms)] = requests;
        return new TrafficTotals(requests, 0, latency);
    }
}
