namespace Switchyard.Core.Experiments;

/// <summary>
/// Turns a window's captured queries and feedback into an <see cref="ExperimentReport"/>. Pure and
/// deterministic: every sum runs in an order fixed by the data (queries oldest first, units and
/// metrics by ordinal name), so the same rows give the same figures to the last bit.
/// </summary>
public static class ExperimentAnalysis
{
    /// <summary>SRM alerts below this p-value (GrowthBook's and Statsig's default).</summary>
    public const double SrmThreshold = 0.001;

    /// <summary>
    /// The mSPRT mixing variance as a fraction of the metric's pooled per-unit variance: τ = 0.1·σ,
    /// i.e. the test is tuned for effects around a tenth of a standard deviation.
    /// </summary>
    public const double MsprtTauFraction = 0.01;

    /// <param name="expectedShares">Each config version's route weights (served entity name → share of 1); a version missing is unknown.</param>
    public static ExperimentReport Analyse(
        string endpointName, long? currentVersion, string? control, ExperimentCapture capture,
        IReadOnlyDictionary<long, IReadOnlyDictionary<string, double>> expectedShares)
    {
        var feedback = ByRequest(capture.Feedback);
        var segments = new List<ReadoutSegment>();
        foreach (var version in capture.Queries.GroupBy(q => q.ConfigVersion).OrderByDescending(g => g.Key))
        {
            expectedShares.TryGetValue(version.Key, out var shares);
            segments.Add(Segment(version.Key, control, [.. version], shares, feedback));
        }

        ReadoutSegment current;
        if (currentVersion is { } v)
        {
            expectedShares.TryGetValue(v, out var shares);
            current = segments.FirstOrDefault(s => s.ConfigVersion == v) ?? Segment(v, control, [], shares, feedback);
        }
        else
        {
            current = new ReadoutSegment(0, null, [], null, false);
        }

        return new ExperimentReport(endpointName, currentVersion, control, current, segments);
    }

    private static ReadoutSegment Segment(
        long version, string? control, IReadOnlyList<CapturedQuery> queries, IReadOnlyDictionary<string, double>? shares,
        Dictionary<string, List<QueryFeedback>> feedback)
    {
        var byArm = new SortedDictionary<string, List<CapturedQuery>>(StringComparer.Ordinal);
        foreach (var name in shares?.Keys ?? Enumerable.Empty<string>())
        {
            byArm[name] = [];
        }

        foreach (var query in queries)
        {
            if (!byArm.TryGetValue(query.ServedEntityName, out var list))
            {
                byArm[query.ServedEntityName] = list = [];
            }

            list.Add(query);
        }

        var totalUnits = byArm.Values.Sum(DistinctUnits);
        var unitValues = byArm.ToDictionary(a => a.Key, a => UnitValues(a.Value, feedback), StringComparer.Ordinal);
        var segmentControl = control is not null && byArm.ContainsKey(control) ? control : null;
        var arms = new List<ArmReadout>();
        foreach (var (name, armQueries) in byArm)
        {
            var units = DistinctUnits(armQueries);
            var metrics = new List<MetricReadout>();
            foreach (var (metric, values) in unitValues[name])
            {
                var vsControl = segmentControl is null || segmentControl == name
                    || !unitValues[segmentControl].TryGetValue(metric, out var controlValues)
                    ? null
                    : Compare(controlValues, values);
                metrics.Add(Metric(metric, values, vsControl));
            }

            arms.Add(new ArmReadout(
                name,
                armQueries.Count,
                units,
                armQueries.Count(q => q.StatusCode >= 400),
                shares is null ? null : shares.GetValueOrDefault(name),
                totalUnits == 0 ? null : (double)units / totalUnits,
                Latency(armQueries),
                Tokens(armQueries),
                metrics));
        }

        var srm = Srm(arms);
        return new ReadoutSegment(version, segmentControl, arms, srm, srm < SrmThreshold);
    }

    private static long DistinctUnits(List<CapturedQuery> queries) => queries.Select(q => q.Unit).Distinct(StringComparer.Ordinal).LongCount();

    /// <summary>Feedback values by the request id they were given for.</summary>
    public static Dictionary<string, List<QueryFeedback>> ByRequest(IEnumerable<QueryFeedback> given)
    {
        var feedback = new Dictionary<string, List<QueryFeedback>>(StringComparer.Ordinal);
        foreach (var value in given)
        {
            if (!feedback.TryGetValue(value.RequestId, out var values))
            {
                feedback[value.RequestId] = values = [];
            }

            values.Add(value);
        }

        return feedback;
    }

    /// <summary>
    /// Per metric (by name), each unit's value: the mean of the values given for its queries, in unit
    /// order. <paramref name="feedback"/> is keyed by request id. The rollout's feedback gates read units so too.
    /// </summary>
    public static SortedDictionary<string, double[]> UnitValues(IEnumerable<CapturedQuery> queries, Dictionary<string, List<QueryFeedback>> feedback)
    {
        var sums = new SortedDictionary<string, SortedDictionary<string, (double Sum, int Count)>>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            if (!feedback.TryGetValue(query.RequestId, out var values))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (!sums.TryGetValue(value.Metric, out var units))
                {
                    sums[value.Metric] = units = new SortedDictionary<string, (double, int)>(StringComparer.Ordinal);
                }

                var (sum, count) = units.GetValueOrDefault(query.Unit);
                units[query.Unit] = (sum + value.Value, count + 1);
            }
        }

        var result = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (metric, units) in sums)
        {
            result[metric] = [.. units.Values.Select(u => u.Sum / u.Count)];
        }

        return result;
    }

    private static MetricReadout Metric(string metric, double[] values, MetricComparison? vsControl)
    {
        var summary = SampleSummary.Of(values);
        if (values.Length < 2)
        {
            return new MetricReadout(metric, values.Length, summary.Mean, null, null, vsControl);
        }

        // Student's t with n − 1 degrees of freedom: a small arm's interval is as wide as it should be.
        var half = Statistics.StudentTQuantile(0.975, summary.Count - 1) * Math.Sqrt(summary.Variance / summary.Count);
        return new MetricReadout(metric, values.Length, summary.Mean, summary.Mean - half, summary.Mean + half, vsControl);
    }

    /// <summary>Treatment − control: two proportions when every unit value is 0 or 1, else Welch; with an mSPRT p-value beside.</summary>
    private static MetricComparison? Compare(double[] control, double[] treatment)
    {
        if (control.Length < 2 || treatment.Length < 2)
        {
            return null;
        }

        var c = SampleSummary.Of(control);
        var t = SampleSummary.Of(treatment);
        var binary = control.All(IsZeroOrOne) && treatment.All(IsZeroOrOne);
        double deltaVariance, pooledVariance;
        Comparison comparison;
        if (binary)
        {
            long cs = control.Count(x => x == 1), ts = treatment.Count(x => x == 1);
            var (pc, pt) = ((double)cs / control.Length, (double)ts / treatment.Length);
            deltaVariance = (pc * (1 - pc) / control.Length) + (pt * (1 - pt) / treatment.Length);
            var pooled = (double)(cs + ts) / (control.Length + treatment.Length);
            pooledVariance = pooled * (1 - pooled);
            comparison = deltaVariance > 0 ? Statistics.TwoProportions(cs, control.Length, ts, treatment.Length) : default;
        }
        else
        {
            deltaVariance = (c.Variance / c.Count) + (t.Variance / t.Count);
            pooledVariance = (((c.Count - 1) * c.Variance) + ((t.Count - 1) * t.Variance)) / (c.Count + t.Count - 2);
            comparison = deltaVariance > 0 ? Statistics.Welch(c, t) : default;
        }

        var test = binary ? "two_proportions" : "welch";
        var delta = t.Mean - c.Mean;
        if (!(deltaVariance > 0))
        {
            // Neither side varies: Δ is exact, and no interval or test applies.
            return new MetricComparison(test, delta, null, null, null, null);
        }

        var msprt = Statistics.MsprtPValue(comparison.Delta, deltaVariance, MsprtTauFraction * pooledVariance);
        return new MetricComparison(test, comparison.Delta, comparison.CiLow, comparison.CiHigh, comparison.PValue, msprt);
    }

    private static bool IsZeroOrOne(double value) => value is 0 or 1;

    private static LatencySummary? Latency(List<CapturedQuery> queries)
    {
        if (queries.Count == 0)
        {
            return null;
        }

        var sorted = queries.Select(q => q.LatencyMs).ToArray();
        Array.Sort(sorted);
        return new LatencySummary(Statistics.Quantile(sorted, 0.5), Statistics.Quantile(sorted, 0.95), Statistics.Quantile(sorted, 0.99));
    }

    private static TokenTotals Tokens(List<CapturedQuery> queries)
    {
        long? input = null, output = null;
        foreach (var query in queries)
        {
            if (query.InputTokens is { } i)
            {
                input = (input ?? 0) + i;
            }

            if (query.OutputTokens is { } o)
            {
                output = (output ?? 0) + o;
            }
        }

        return new TokenTotals(input, output);
    }

    /// <summary>χ² of units per weighted arm against the weights (renormalised over those arms); unweighted arms (pinned or shadow traffic) are left out.</summary>
    private static double? Srm(List<ArmReadout> arms)
    {
        var weighted = arms.Where(a => a.ExpectedShare > 0).ToList();
        var total = weighted.Sum(a => a.ExpectedShare!.Value);
        if (weighted.Count < 2 || weighted.Sum(a => a.Units) == 0)
        {
            return null;
        }

        return Statistics.Srm([.. weighted.Select(a => a.Units)], [.. weighted.Select(a => a.ExpectedShare!.Value / total)]);
    }
}
