using Switchyard.Core.Experiments;

namespace Switchyard.Core.Tests.Experiments;

/// <summary>The readout's arithmetic on hand-made captures: units, segments, which test, what SRM counts.</summary>
public sealed class ExperimentAnalysisTests
{
    private static readonly Dictionary<long, IReadOnlyDictionary<string, double>> Even = new()
    {
        [1] = new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 },
    };

    private static CapturedQuery Query(string id, string arm, string? unit, long version = 1, int status = 200, double latency = 1) =>
        new(id, arm, version, unit, status, latency, null, null);

    private static ExperimentReport Analyse(
        IEnumerable<CapturedQuery> queries, IEnumerable<QueryFeedback>? feedback = null,
        Dictionary<long, IReadOnlyDictionary<string, double>>? shares = null, long current = 1) =>
        ExperimentAnalysis.Analyse("ep", current, "a", new ExperimentCapture([.. queries], [.. feedback ?? []]), shares ?? Even);

    [Fact]
    public void AUnitsValue_IsTheMeanOfItsQueries_SoRepeatQueriesDoNotWeighMore()
    {
        // Unit u1 on b answered twice (1 and 0: value 0.5); u2 and u3 once each.
        var queries = new[]
        {
            Query("q1", "b", "u1"), Query("q2", "b", "u1"), Query("q3", "b", "u2"), Query("q4", "b", "u3"),
            Query("q5", "a", "u4"), Query("q6", "a", "u5"),
        };
        var feedback = new[]
        {
            new QueryFeedback("q1", "m", 1), new QueryFeedback("q2", "m", 0), new QueryFeedback("q3", "m", 1), new QueryFeedback("q4", "m", 0),
            new QueryFeedback("q5", "m", 1), new QueryFeedback("q6", "m", 0),
        };
        var b = Analyse(queries, feedback).Current.ArmOf("b")!;

        Assert.Equal(4, b.Requests);
        Assert.Equal(3, b.Units);
        var metric = b.MetricOf("m")!;
        Assert.Equal(3, metric.Count);
        Assert.Equal(0.5, metric.Mean, 12);
        // 0.5 is not a proportion's value: Welch on the unit values.
        Assert.Equal("welch", metric.VsControl!.Test);
        Assert.Equal(0, metric.VsControl.Delta, 12);
    }

    [Fact]
    public void ZeroOneUnitValues_AreComparedAsTwoProportions_WithAnMsprtValueBeside()
    {
        var queries = Enumerable.Range(0, 200).Select(i => Query($"q{i}", i % 2 == 0 ? "a" : "b", $"u{i}")).ToList();
        // a: 20 of 100 succeed; b: 40 of 100.
        var feedback = queries.Select((q, i) => new QueryFeedback(q.RequestId, "won", q.ServedEntityName == "a" ? (i < 40 ? 1 : 0) : (i < 80 ? 1 : 0)));
        var b = Analyse(queries, feedback).Current.ArmOf("b")!.MetricOf("won")!;

        var expected = Statistics.TwoProportions(20, 100, 40, 100);
        Assert.Equal("two_proportions", b.VsControl!.Test);
        Assert.Equal(expected.Delta, b.VsControl.Delta, 12);
        Assert.Equal(expected.PValue, b.VsControl.PValue!.Value, 12);
        var variance = (0.2 * 0.8 / 100) + (0.4 * 0.6 / 100);
        Assert.Equal(Statistics.MsprtPValue(0.2, variance, 0.01 * 0.3 * 0.7), b.VsControl.MsprtPValue!.Value, 12);
    }

    [Fact]
    public void AnArmWithoutWeight_IsListed_ButLeftOutOfSrm()
    {
        var queries = Enumerable.Range(0, 200).Select(i => Query($"q{i}", i % 2 == 0 ? "a" : "b", $"u{i}"))
            .Concat(Enumerable.Range(0, 500).Select(i => Query($"p{i}", "pinned", null)));
        var segment = Analyse(queries).Current;

        Assert.Equal(["a", "b", "pinned"], segment.Arms.Select(a => a.ServedEntityName));
        var pinned = segment.ArmOf("pinned")!;
        Assert.Equal(0, pinned.ExpectedShare);
        Assert.Equal(500.0 / 700, pinned.ObservedShare!.Value, 12);
        Assert.Equal(1, segment.SrmPValue!.Value, 12);
        Assert.False(segment.SrmAlert);
    }

    [Fact]
    public void Versions_AreSegmentsNewestFirst_NeverPooled_AndAControlMissingFromOneHasNoDeltaThere()
    {
        var shares = new Dictionary<long, IReadOnlyDictionary<string, double>>
        {
            [1] = new Dictionary<string, double> { ["b"] = 1.0 },
            [2] = new Dictionary<string, double> { ["a"] = 0.9, ["b"] = 0.1 },
        };
        var queries = new[]
        {
            Query("q1", "b", "u1", version: 1), Query("q2", "b", "u2", version: 1, status: 500),
            Query("q3", "a", "u1", version: 2), Query("q4", "b", "u3", version: 2), Query("q5", "a", "u4", version: 2),
        };
        var feedback = new[] { new QueryFeedback("q1", "m", 1), new QueryFeedback("q2", "m", 2) };
        var report = Analyse(queries, feedback, shares, current: 2);

        Assert.Equal([2L, 1L], report.Segments.Select(s => s.ConfigVersion));
        Assert.Same(report.Segments[0], report.Current);
        Assert.Equal(2, report.Current.ArmOf("a")!.Requests);
        Assert.Equal(0.1, report.Current.ArmOf("b")!.ExpectedShare);
        var old = report.SegmentOf(1)!;
        Assert.Null(old.Control);
        Assert.Equal(["b"], old.Arms.Select(a => a.ServedEntityName));
        Assert.Equal(0.5, old.ArmOf("b")!.ErrorRate);
        Assert.Null(old.ArmOf("b")!.MetricOf("m")!.VsControl);
        // One weighted arm: nothing for SRM to test.
        Assert.Null(old.SrmPValue);
    }

    [Fact]
    public void NeitherSideVaries_DeltaIsGiven_WithoutIntervalOrPValues()
    {
        var queries = Enumerable.Range(0, 10).Select(i => Query($"q{i}", i % 2 == 0 ? "a" : "b", $"u{i}")).ToList();
        var feedback = queries.Select(q => new QueryFeedback(q.RequestId, "m", 1));
        var vs = Analyse(queries, feedback).Current.ArmOf("b")!.MetricOf("m")!.VsControl!;

        Assert.Equal(0, vs.Delta);
        Assert.Null(vs.CiLow);
        Assert.Null(vs.PValue);
        Assert.Null(vs.MsprtPValue);
    }

    [Fact]
    public void NoServingConfig_GivesAnEmptyCurrentSegment()
    {
        var report = ExperimentAnalysis.Analyse("ep", null, null, new ExperimentCapture([], []), Even);
        Assert.Null(report.ConfigVersion);
        Assert.Empty(report.Current.Arms);
        Assert.Empty(report.Segments);
    }
}
