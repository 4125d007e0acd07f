using System.Text.Json.Nodes;
using Switchyard.Core.Experiments;

namespace Switchyard.Server.Experiments.OutputDiff;

/// <summary>
/// The comparison object the shadow report and the replay report share, from a list of output
/// pairs. Every key is always there, null when it does not apply (no pair answered on both sides,
/// no numbers, no labels, no text). Pairs where a side failed count in <c>error_rate</c> and are
/// left out of the output measures. Latency is compared over the pairs both sides answered, as two
/// samples (Welch: the candidate's mean minus the baseline's, 95% CI); the error rates with the
/// two-proportion test. The pairs are ordered by time then request id first, so the same pairs in
/// any order give the same numbers and byte-identical JSON.
/// </summary>
public sealed class PairComparison
{
    /// <summary>How many of the lowest-similarity pairs a report lists.</summary>
    public const int TopDivergenceCount = 10;

    private readonly PairMeasure[] _measures;

    private PairComparison(PairMeasure[] measures) => _measures = measures;

    /// <summary>A divergence shows at most this many characters of each output.</summary>
    public const int DivergenceOutputChars = 4096;

    public static PairComparison Of(IEnumerable<OutputPair> pairs) => OfMeasures(pairs.Select(PairMeasure.Of));

    /// <summary>From pairs measured already (<see cref="PairMeasure.Of"/>), as a replay keeps them.</summary>
    public static PairComparison OfMeasures(IEnumerable<PairMeasure> measures) =>
        new([.. measures
            .OrderBy(static m => m.Pair.Time)
            .ThenBy(static m => m.Pair.RequestId, StringComparer.Ordinal)
            .ThenBy(static m => m.Pair.Source, StringComparer.Ordinal)]);

    public int Pairs => _measures.Length;

    public JsonObject ToJson()
    {
        var answered = _measures.Where(static m => m.BothAnswered).ToArray();
        return new JsonObject
        {
            ["pairs"] = _measures.Length,
            ["exact_match_rate"] = answered.Length == 0 ? null : Finite((double)answered.Count(static m => m.ExactMatch) / answered.Length),
            ["numeric"] = Numeric(answered),
            ["label_flip_rate"] = LabelFlipRate(answered),
            ["text_similarity"] = TextSimilarity(answered),
            ["latency_ms"] = Latency(answered),
            ["error_rate"] = ErrorRate(),
        };
    }

    /// <summary>
    /// The <paramref name="k"/> pairs whose outputs agree least (lowest similarity; ties by time, then
    /// request id): <c>{"request_id", "similarity", "captured", "replayed"}</c>, most divergent first,
    /// each output cut to <see cref="DivergenceOutputChars"/> characters. Pairs that agree exactly
    /// (similarity 1) are never listed.
    /// </summary>
    public JsonArray TopDivergences(int k = TopDivergenceCount)
    {
        var divergences = new JsonArray();
        foreach (var measure in _measures.Select(static (m, i) => (m, i)).Where(static x => x.m.Similarity < 1)
            .OrderBy(static x => x.m.Similarity).ThenBy(static x => x.i).Take(k).Select(static x => x.m))
        {
            divergences.Add(new JsonObject
            {
                ["request_id"] = measure.Pair.RequestId,
                ["similarity"] = measure.Similarity,
                ["captured"] = Cut(measure.Pair.BaselineOutput),
                ["replayed"] = Cut(measure.Pair.CandidateOutput),
            });
        }

        return divergences;
    }

    private static JsonObject? Numeric(PairMeasure[] answered)
    {
        var deltas = answered.SelectMany(static m => m.AbsoluteDeltas).ToArray();
        if (deltas.Length == 0)
        {
            return null;
        }

        Array.Sort(deltas);
        return new JsonObject
        {
            ["values"] = deltas.Length,
            ["abs_delta_p50"] = Finite(Statistics.Quantile(deltas, 0.50)),
            ["abs_delta_p99"] = Finite(Statistics.Quantile(deltas, 0.99)),
        };
    }

    private static double? LabelFlipRate(PairMeasure[] answered)
    {
        var labels = answered.Sum(static m => (long)m.Labels);
        return labels == 0 ? null : Finite((double)answered.Sum(static m => (long)m.LabelFlips) / labels);
    }

    private static JsonObject? TextSimilarity(PairMeasure[] answered)
    {
        var similarities = answered.Where(static m => m.TextSimilarity is not null).Select(static m => m.TextSimilarity!.Value).ToArray();
        if (similarities.Length == 0)
        {
            return null;
        }

        var mean = similarities.Sum() / similarities.Length;
        Array.Sort(similarities);
        return new JsonObject { ["mean"] = Finite(mean), ["p50"] = Finite(Statistics.Quantile(similarities, 0.50)) };
    }

    private static JsonObject? Latency(PairMeasure[] answered)
    {
        if (answered.Length == 0)
        {
            return null;
        }

        var baseline = answered.Select(static m => m.Pair.BaselineLatencyMs).ToArray();
        var candidate = answered.Select(static m => m.Pair.CandidateLatencyMs).ToArray();
        var comparison = Statistics.Welch(SampleSummary.Of(baseline), SampleSummary.Of(candidate));
        Array.Sort(baseline);
        Array.Sort(candidate);
        return new JsonObject
        {
            ["baseline_p50"] = Finite(Statistics.Quantile(baseline, 0.50)),
            ["baseline_p99"] = Finite(Statistics.Quantile(baseline, 0.99)),
            ["candidate_p50"] = Finite(Statistics.Quantile(candidate, 0.50)),
            ["candidate_p99"] = Finite(Statistics.Quantile(candidate, 0.99)),
            ["delta_mean"] = Finite(comparison.Delta),
            ["delta_ci"] = Interval(comparison),
        };
    }

    private JsonObject? ErrorRate()
    {
        var n = _measures.Length;
        if (n == 0)
        {
            return null;
        }

        long baselineFailed = _measures.Count(static m => m.BaselineFailed);
        long candidateFailed = _measures.Count(static m => m.CandidateFailed);
        var comparison = Statistics.TwoProportions(baselineFailed, n, candidateFailed, n);
        return new JsonObject
        {
            ["baseline"] = (double)baselineFailed / n,
            ["candidate"] = (double)candidateFailed / n,
            ["delta"] = ((double)candidateFailed - baselineFailed) / n,
            ["delta_ci"] = Interval(comparison),
        };
    }

    /// <summary>The 95% interval, or null when the test has no answer (one sample, no variance at all).</summary>
    private static JsonArray? Interval(Comparison comparison) =>
        double.IsFinite(comparison.CiLow) && double.IsFinite(comparison.CiHigh) ? new JsonArray(comparison.CiLow, comparison.CiHigh) : null;

    private static string Cut(string output) =>
        output.Length <= DivergenceOutputChars ? output
        : output[..(char.IsHighSurrogate(output[DivergenceOutputChars - 1]) ? DivergenceOutputChars - 1 : DivergenceOutputChars)];

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
