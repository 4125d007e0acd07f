namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// Where the part of a stream's pending text begins that more text could still change, so that
/// everything before it can be sent now. Held back are:
/// <list type="bullet">
/// <item>an unfinished last word (no whitespace after it yet): it may grow into an e-mail
/// address, a longer number or a keyword;</item>
/// <item>a run of number-like words a single space apart at the end (digits, upper-case letters,
/// <c>+ - . ( )</c>, with a digit somewhere in the run) while it is still open, i.e. not ended by
/// other text, a line break or a second space: a phone, card or IBAN written in groups;</item>
/// <item>the last complete words, as many as the longest configured phrase has words less one;</item>
/// </list>
/// and never more than <c>maxHeld</c> characters of one unbroken run.
/// </summary>
internal static class StreamHold
{
    public static int Start(ReadOnlySpan<char> text, int from, int heldWords, int maxHeld)
    {
        var end = text.Length;
        var cut = WordStart(text, from, end);
        var openWordEnd = cut < end ? end
            : end - 1 > from && text[end - 1] == ' ' && !char.IsWhiteSpace(text[end - 2]) ? end - 1
            : -1;
        if (openWordEnd > from)
        {
            cut = Math.Min(cut, NumberRunStart(text, from, openWordEnd));
        }

        for (var word = 0; word < heldWords; word++)
        {
            var wordEnd = cut;
            while (wordEnd > from && char.IsWhiteSpace(text[wordEnd - 1]))
            {
                wordEnd--;
            }

            if (wordEnd == from)
            {
                break;
            }

            cut = WordStart(text, from, wordEnd);
        }

        return Math.Max(cut, Math.Max(from, end - maxHeld));
    }

    /// <summary>The start of the run of number-like words ending at <paramref name="wordEnd"/>; <see cref="int.MaxValue"/> when there is none.</summary>
    private static int NumberRunStart(ReadOnlySpan<char> text, int from, int wordEnd)
    {
        var runStart = wordEnd;
        var hasDigit = false;
        var end = wordEnd;
        while (true)
        {
            var start = WordStart(text, from, end);
            if (!NumberLike(text[start..end], ref hasDigit))
            {
                break;
            }

            runStart = start;
            // The run goes on only over a single space.
            if (start - 2 < from || text[start - 1] != ' ' || char.IsWhiteSpace(text[start - 2]))
            {
                break;
            }

            end = start - 1;
        }

        return hasDigit ? runStart : int.MaxValue;
    }

    private static bool NumberLike(ReadOnlySpan<char> word, ref bool hasDigit)
    {
        foreach (var c in word)
        {
            if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
            }
            else if (!char.IsAsciiLetterUpper(c) && c is not ('+' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return word.Length > 0;
    }

    private static int WordStart(ReadOnlySpan<char> text, int from, int end)
    {
        var start = end;
        while (start > from && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        return start;
    }
}
