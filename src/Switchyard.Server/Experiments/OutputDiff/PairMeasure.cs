using Switchyard.Core.Experiments;

namespace Switchyard.Server.Experiments.OutputDiff;

/// <summary>
/// What one output pair shows: whether either side failed (a status of 400 or more, or no answer),
/// and, when both answered, whether the outputs match exactly, the |Δ| of each pair of numbers, how
/// many labels were compared and how many flipped, the text similarity of text answers and one
/// overall <see cref="Similarity"/> in [0, 1] that ranks divergences.
/// </summary>
public sealed class PairMeasure
{
    /// <summary>Two numbers agree (for <see cref="Similarity"/>) when they differ by at most this share of the larger magnitude (or of 1).</summary>
    public const double NumberTolerance = 1e-6;

    private PairMeasure(OutputPair pair)
    {
        Pair = pair;
        BaselineFailed = Failed(pair.BaselineStatus);
        CandidateFailed = Failed(pair.CandidateStatus);
    }

    public OutputPair Pair { get; private set; }

    public bool BaselineFailed { get; }

    public bool CandidateFailed { get; }

    /// <summary>True when both sides answered: only these pairs count in the output measures.</summary>
    public bool BothAnswered => !BaselineFailed && !CandidateFailed;

    public bool ExactMatch { get; private set; }

    public List<double> AbsoluteDeltas { get; } = [];

    public int Labels { get; private set; }

    public int LabelFlips { get; private set; }

    /// <summary>The token Jaccard of two text answers (LLM text, or anything read as text); null for other outputs.</summary>
    public double? TextSimilarity { get; private set; }

    /// <summary>
    /// 1 for an exact match; the text similarity of text answers; the share of positions whose values
    /// agree for predictions and embeddings (labels equal, numbers within <see cref="NumberTolerance"/>);
    /// 0 when the two outputs are of different kinds or only one side failed; for two failures, 1 when
    /// their statuses are the same.
    /// </summary>
    public double Similarity { get; private set; }

    /// <summary>
    /// Cuts the pair's outputs to at most <paramref name="maxChars"/> characters once measured, so a
    /// job that keeps many measures (a replay) does not keep every whole answer; answers itself.
    /// </summary>
    public PairMeasure TrimOutputs(int maxChars)
    {
        Pair = Pair with { BaselineOutput = Cut(Pair.BaselineOutput, maxChars), CandidateOutput = Cut(Pair.CandidateOutput, maxChars) };
        return this;
    }

    private static string Cut(string text, int maxChars) =>
        text.Length <= maxChars ? text : text[..(char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars)];

    public static bool Failed(int status) => status is <= 0 or >= 400;

    public static PairMeasure Of(OutputPair pair)
    {
        var measure = new PairMeasure(pair);
        if (measure.BaselineFailed || measure.CandidateFailed)
        {
            measure.Similarity = measure.BaselineFailed && measure.CandidateFailed && pair.BaselineStatus == pair.CandidateStatus ? 1 : 0;
            return measure;
        }

        measure.Compare(ReadOutput.Of(pair.BaselineOutput), ReadOutput.Of(pair.CandidateOutput));
        return measure;
    }

    private void Compare(ReadOutput baseline, ReadOutput candidate)
    {
        ExactMatch = baseline.Kind == candidate.Kind && string.Equals(baseline.Canonical, candidate.Canonical, StringComparison.Ordinal);
        var textual = IsText(baseline.Kind) && IsText(candidate.Kind);
        if (textual)
        {
            TextSimilarity = ExactMatch ? 1 : TokenJaccard.Of(baseline.Text, candidate.Text);
        }

        if (baseline.Kind != candidate.Kind && !textual)
        {
            Similarity = 0;
            return;
        }

        var agreeing = CompareLeaves(baseline.Leaves, candidate.Leaves);
        var positions = Math.Max(baseline.Leaves.Count, candidate.Leaves.Count);
        Similarity = ExactMatch ? 1
            : textual ? TextSimilarity!.Value
            : positions == 0 ? 0
            : (double)agreeing / positions;
    }

    /// <summary>Pairs the values position by position (as far as the shorter goes); answers how many agree.</summary>
    private int CompareLeaves(IReadOnlyList<OutputLeaf> baseline, IReadOnlyList<OutputLeaf> candidate)
    {
        var agreeing = 0;
        var paired = Math.Min(baseline.Count, candidate.Count);
        for (var i = 0; i < paired; i++)
        {
            var (b, c) = (baseline[i], candidate[i]);
            if (!b.IsLabel && !c.IsLabel && !(b.IsWhole && c.IsWhole))
            {
                var delta = Math.Abs(c.Number - b.Number);
                AbsoluteDeltas.Add(delta);
                if (delta <= NumberTolerance * Math.Max(1, Math.Max(Math.Abs(b.Number), Math.Abs(c.Number))))
                {
                    agreeing++;
                }

                continue;
            }

            // Two class ids, two strings, or a label against a number (a changed kind of answer is a flip).
            Labels++;
            var same = b.IsLabel && c.IsLabel ? string.Equals(b.Label, c.Label, StringComparison.Ordinal)
                : !b.IsLabel && !c.IsLabel && b.Number.Equals(c.Number);
            if (same)
            {
                agreeing++;
            }
            else
            {
                LabelFlips++;
            }
        }

        return agreeing;
    }

    private static bool IsText(OutputKind kind) => kind is OutputKind.LlmText or OutputKind.Text;
}
