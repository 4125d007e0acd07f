namespace Switchyard.Llama.Engine;

/// <summary>
/// Finds stop strings in a choice's decoded text as it grows. Text that could still be the start
/// of a stop string is held back until the next token settles it, so a stop string that spans
/// several tokens is found and never emitted, and the text before it is emitted exactly once.
/// </summary>
internal sealed class StopMatcher(IReadOnlyList<string> stops)
{
    private readonly string[] _stops = [.. stops.Where(s => s.Length > 0)];
    private string _held = "";

    /// <summary>
    /// Adds newly decoded text. Returns the text that may be emitted now and whether a stop string
    /// was reached (then the returned text is everything before it, and the choice ends).
    /// </summary>
    public (string Release, bool Stopped) Push(string text)
    {
        if (_stops.Length == 0)
        {
            return (text, false);
        }

        var pending = _held + text;
        var first = -1;
        foreach (var stop in _stops)
        {
            var at = pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        if (first >= 0)
        {
            _held = "";
            return (pending[..first], true);
        }

        var keep = LongestStopPrefixAtEnd(pending);
        _held = pending[^keep..];
        return (pending[..^keep], false);
    }

    /// <summary>The text held back, released when the choice ends for another reason.</summary>
    public string Flush()
    {
        var rest = _held;
        _held = "";
        return rest;
    }

    private int LongestStopPrefixAtEnd(string text)
    {
        var best = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > best; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    best = length;
                    break;
                }
            }
        }

        return best;
    }
}
