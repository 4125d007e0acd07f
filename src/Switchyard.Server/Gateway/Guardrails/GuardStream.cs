namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// Guards a streamed text as it comes: <see cref="Push"/> takes each delta and answers the text
/// safe to send now, holding back only a tail that might still be part of a PII value or a phrase
/// (<see cref="StreamHold"/>), so a value split across chunks is still masked or refused whole;
/// <see cref="Complete"/> answers the rest. What it sends, put together, is what
/// <see cref="Guard.Check"/> makes of the whole text. After a refusal every call answers it again;
/// text sent before the refusal stays sent (valid topics are only known at the end, so a stream
/// that never mentions one is refused by <see cref="Complete"/>). One stream per answer (or per
/// choice of a multi-choice answer); not thread-safe.
/// </summary>
public sealed class GuardStream
{
    /// <summary>Characters kept before the pending text so the word and digit boundaries see what was sent before it.</summary>
    private const int Context = 2;

    private readonly CompiledGuardrails _rules;
    private readonly GuardSide _side;
    private char[] _pending = new char[256];
    private int _length;
    private int _from;
    private bool _topicSeen;
    private GuardRefusal? _refusal;

    internal GuardStream(CompiledGuardrails rules, GuardSide side)
    {
        _rules = rules;
        _side = side;
    }

    /// <summary>Takes the next delta; answers the text that may be sent now (often a little less than given) or the refusal.</summary>
    public GuardResult Push(string delta)
    {
        if (_refusal is not null)
        {
            return GuardResult.Refuse(_refusal);
        }

        var heldBefore = _length - _from;
        Append(delta);
        var text = _pending.AsSpan(0, _length);
        var cut = StreamHold.Start(text, _from, _rules.HeldWords, _rules.MaxHeld);
        cut = _rules.PullBack(text, _from, cut);
        if (heldBefore == 0 && cut == _length && !_rules.HasValueToMask(text, _from, cut))
        {
            // Nothing held before and nothing to hold or mask now: the delta goes as given.
            return Settle(cut, delta);
        }

        return Settle(cut, null);
    }

    /// <summary>Ends the stream: answers what was held back, or the refusal.</summary>
    public GuardResult Complete()
    {
        if (_refusal is not null)
        {
            return GuardResult.Refuse(_refusal);
        }

        var result = Settle(_length, null);
        if (!result.Refused && _rules.HasTopics && !_topicSeen)
        {
            _refusal = GuardRefusal.Of(_side, GuardrailKind.ValidTopics, "", _rules.Topics);
            return GuardResult.Refuse(_refusal);
        }

        return result;
    }

    /// <summary>Decides <c>[from, cut)</c>: refuses, or answers it (masked) and keeps only the context and the tail.</summary>
    private GuardResult Settle(int cut, string? unchanged)
    {
        var text = _pending.AsSpan(0, _length);
        if (_rules.FirstRefusal(text, _from, cut) is { } refusal)
        {
            _refusal = GuardRefusal.Of(_side, refusal.Kind, refusal.Name, _rules.Topics);
            return GuardResult.Refuse(_refusal);
        }

        _topicSeen = _topicSeen || _rules.MentionsTopic(text, _from, cut);
        var safe = unchanged ?? Render(text, cut);
        var keep = Math.Max(0, cut - Context);
        text[keep..].CopyTo(_pending);
        _length -= keep;
        _from = cut - keep;
        return GuardResult.Pass(safe);
    }

    private string Render(ReadOnlySpan<char> text, int cut)
    {
        if (cut == _from)
        {
            return "";
        }

        if (!_rules.HasValueToMask(text, _from, cut))
        {
            return new string(text[_from..cut]);
        }

        var sink = new CharSink(cut - _from + 32);
        try
        {
            _rules.AppendMasked(text, _from, cut, ref sink);
            return new string(sink.Written);
        }
        finally
        {
            sink.Dispose();
        }
    }

    private void Append(string delta)
    {
        if (_length + delta.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_length + delta.Length, _pending.Length * 2));
        }

        delta.CopyTo(_pending.AsSpan(_length));
        _length += delta.Length;
    }
}
