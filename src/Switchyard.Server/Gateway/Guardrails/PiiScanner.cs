using System.Runtime.CompilerServices;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>One PII value found: its category and where it lies in the text scanned.</summary>
internal readonly record struct PiiMatch(PiiCategory Category, int Start, int Length)
{
    /// <summary>Marks a category with no value left in the text.</summary>
    public static readonly PiiMatch None = new(PiiCategory.Email, int.MaxValue, 0);

    /// <summary>Marks a category not searched yet.</summary>
    public static readonly PiiMatch Unknown = new(PiiCategory.Email, -1, 0);

    public int End => Start + Length;
}

/// <summary>
/// Walks the PII values of one text in order, without allocating: each category's next value is
/// found once and kept until the walk passes it. Where values of two categories overlap, the one
/// starting first wins (the longer on a tie), and the walk resumes after it.
/// </summary>
internal ref struct PiiScanner
{
    private readonly ReadOnlySpan<char> _text;
    private Lookahead _next;

    public PiiScanner(ReadOnlySpan<char> text)
    {
        _text = text;
        for (var i = 0; i < PiiCategories.Count; i++)
        {
            _next[i] = PiiMatch.Unknown;
        }
    }

    /// <summary>The first value starting at or after <paramref name="from"/>; false when there is none.</summary>
    public bool TryNext(int from, out PiiMatch match)
    {
        match = PiiMatch.None;
        for (var i = 0; i < PiiCategories.Count; i++)
        {
            ref var next = ref _next[i];
            if (next.Start < from)
            {
                next = Find((PiiCategory)i, from);
            }

            if (next.Start < match.Start || (next.Start == match.Start && next.Length > match.Length))
            {
                match = next;
            }
        }

        return match.Start != int.MaxValue;
    }

    private readonly PiiMatch Find(PiiCategory category, int from)
    {
        foreach (var candidate in PiiPatterns.Of(category).EnumerateMatches(_text, from))
        {
            if (PiiChecks.Accept(category, _text.Slice(candidate.Index, candidate.Length), out var length))
            {
                return new PiiMatch(category, candidate.Index, length);
            }
        }

        return PiiMatch.None;
    }

    [InlineArray(PiiCategories.Count)]
    private struct Lookahead
    {
        private PiiMatch _first;
    }
}
