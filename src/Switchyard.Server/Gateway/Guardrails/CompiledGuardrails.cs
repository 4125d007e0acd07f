using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// One side's <see cref="GuardrailParameters"/> made ready to run: its phrase lists compiled once,
/// then the checks every kind of text shares (whole texts, stream chunks, JSON strings). Each check
/// looks at the part of a text from <c>from</c> to <c>settled</c>: before <c>from</c> is context
/// already decided (seen by the word and digit boundaries only); after <c>settled</c> is text a
/// stream may still extend, whose matches are left for later.
/// </summary>
internal sealed class CompiledGuardrails
{
    /// <summary>The longest PII value a stream may need to see whole (an e-mail address at its longest).</summary>
    private const int LongestValue = 640;

    private readonly PiiBehavior _pii;
    private readonly PhraseMatcher? _keywords;
    private readonly PhraseMatcher? _safety;
    private readonly PhraseMatcher? _topics;

    public CompiledGuardrails(GuardrailParameters parameters, SafetyList safety)
    {
        _pii = parameters.Pii;
        Topics = parameters.ValidTopics;
        _keywords = parameters.InvalidKeywords.Count > 0 ? PhraseMatcher.Of(parameters.InvalidKeywords) : null;
        _topics = parameters.ValidTopics.Count > 0 ? PhraseMatcher.Of(parameters.ValidTopics) : null;
        _safety = parameters.Safety ? safety.Matcher : null;
        var words = 1;
        var longest = LongestValue;
        foreach (var matcher in (ReadOnlySpan<PhraseMatcher?>)[_keywords, _safety, _topics])
        {
            if (matcher is not null)
            {
                words = Math.Max(words, matcher.MaxWords);
                longest = Math.Max(longest, matcher.MaxLength * 2);
            }
        }

        HeldWords = words - 1;
        MaxHeld = longest;
    }

    public IReadOnlyList<string> Topics { get; }

    public bool Masks => _pii == PiiBehavior.Mask;

    public bool HasTopics => _topics is not null;

    /// <summary>Complete words a stream holds back after its last one, since a phrase may go on in the next chunk.</summary>
    public int HeldWords { get; }

    /// <summary>The most a stream holds back of one unbroken run of text.</summary>
    public int MaxHeld { get; }

    /// <summary>The first refusal among matches lying wholly in <c>[from, settled)</c>: invalid keywords, then safety, then PII when blocked.</summary>
    public (GuardrailKind Kind, string Name)? FirstRefusal(ReadOnlySpan<char> text, int from, int settled)
    {
        if (_keywords is not null && Settled(_keywords.FindFrom(text, from), settled) is { } keyword)
        {
            return (GuardrailKind.InvalidKeyword, _keywords.NameOf(text.Slice(keyword.Start, keyword.Length)));
        }

        if (_safety is not null && Settled(_safety.FindFrom(text, from), settled) is { } unsafeText)
        {
            return (GuardrailKind.Safety, _safety.NameOf(text.Slice(unsafeText.Start, unsafeText.Length)));
        }

        if (_pii == PiiBehavior.Block)
        {
            var scanner = new PiiScanner(text);
            if (scanner.TryNext(from, out var value) && value.End <= settled)
            {
                return (GuardrailKind.Pii, PiiCategories.NameOf(value.Category));
            }
        }

        return null;
    }

    /// <summary>True when a valid topic lies wholly in <c>[from, settled)</c>.</summary>
    public bool MentionsTopic(ReadOnlySpan<char> text, int from, int settled) =>
        _topics is not null && Settled(_topics.FindFrom(text, from), settled) is not null;

    /// <summary>True when masking would change <c>[from, settled)</c>.</summary>
    public bool HasValueToMask(ReadOnlySpan<char> text, int from, int settled)
    {
        if (!Masks)
        {
            return false;
        }

        var scanner = new PiiScanner(text);
        return scanner.TryNext(from, out var value) && value.End <= settled;
    }

    /// <summary>Appends <c>[from, settled)</c> to <paramref name="sink"/> with every PII value replaced by its tag.</summary>
    public void AppendMasked(ReadOnlySpan<char> text, int from, int settled, ref CharSink sink)
    {
        var scanner = new PiiScanner(text);
        var at = from;
        while (scanner.TryNext(at, out var value) && value.End <= settled)
        {
            sink.Append(text[at..value.Start]);
            sink.Append(PiiCategories.TagOf(value.Category));
            at = value.End;
        }

        sink.Append(text[at..settled]);
    }

    /// <summary>
    /// Moves a stream's <paramref name="cut"/> back to the start of any match (PII, keyword,
    /// safety, topic) it would split, until it splits none: a value is sent or masked whole.
    /// </summary>
    public int PullBack(ReadOnlySpan<char> text, int from, int cut)
    {
        while (true)
        {
            var before = cut;
            if (_pii != PiiBehavior.None)
            {
                cut = PullBackPii(text, from, cut);
            }

            cut = _keywords?.PullBack(text, from, cut) ?? cut;
            cut = _safety?.PullBack(text, from, cut) ?? cut;
            cut = _topics?.PullBack(text, from, cut) ?? cut;
            if (cut == before)
            {
                return cut;
            }
        }
    }

    private static int PullBackPii(ReadOnlySpan<char> text, int from, int cut)
    {
        var scanner = new PiiScanner(text);
        var at = from;
        while (scanner.TryNext(at, out var value) && value.Start < cut)
        {
            if (value.End > cut)
            {
                return value.Start;
            }

            at = value.End;
        }

        return cut;
    }

    private static (int Start, int Length)? Settled((int Start, int Length) match, int settled) =>
        match.Start >= 0 && match.Start + match.Length <= settled ? match : null;
}
