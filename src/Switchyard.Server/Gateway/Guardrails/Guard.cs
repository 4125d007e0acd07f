using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// One side's guardrails (an endpoint's input or output), compiled once per config and shared by
/// every query of the endpoint (<see cref="GuardrailCompiler"/>). It checks a whole text
/// (<see cref="Check"/>), a streamed one (<see cref="StartStream"/>) or the strings of a JSON body
/// (<see cref="RewriteJson"/>): each answers the text to use (masked when <c>pii</c> is MASK) or a
/// refusal whose message names what was found (a PII category, a keyword, a safety category) and
/// never echoes a value found in the text.
/// </summary>
public sealed class Guard
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Only what JSON requires is escaped, so a masked string keeps its other characters as sent.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly CompiledGuardrails _rules;

    internal Guard(CompiledGuardrails rules, GuardSide side)
    {
        _rules = rules;
        Side = side;
    }

    public GuardSide Side { get; }

    /// <summary>Checks one whole text (an LLM answer's choice, say): the same string when it passes untouched, the masked one, or the refusal.</summary>
    public GuardResult Check(string text)
    {
        var span = text.AsSpan();
        if (Refusal(span) is { } refusal)
        {
            return GuardResult.Refuse(refusal);
        }

        if (_rules.HasTopics && !_rules.MentionsTopic(span, 0, span.Length))
        {
            return GuardResult.Refuse(TopicRefusal());
        }

        return GuardResult.Pass(_rules.HasValueToMask(span, 0, span.Length) ? Masked(span) : text);
    }

    /// <summary>A filter for one streamed text (one per choice of a streamed answer).</summary>
    public GuardStream StartStream() => new(_rules, Side);

    /// <summary>
    /// Checks the strings <paramref name="texts"/> selects in <paramref name="json"/>. Answers the
    /// refusal, or null; <paramref name="rewritten"/> is true when some string was masked, and then
    /// (only then) the masked body has been written to <paramref name="output"/>: every other
    /// token is copied byte for byte. The valid-topics rule holds for the body as a whole: one of
    /// its texts must mention a topic. Malformed JSON throws <see cref="JsonException"/>.
    /// </summary>
    public GuardRefusal? RewriteJson(ReadOnlySpan<byte> json, JsonTexts texts, IBufferWriter<byte> output, out bool rewritten)
    {
        var refusal = CheckJson(json, texts, out rewritten);
        if (rewritten)
        {
            MaskJson(json, texts, output);
        }

        return refusal;
    }

    /// <summary>
    /// The first pass of <see cref="RewriteJson"/> alone: the refusal or null, and whether masking
    /// would change the body, without writing anything (so a caller rents an output buffer only
    /// when one is needed).
    /// </summary>
    public GuardRefusal? CheckJson(ReadOnlySpan<byte> json, JsonTexts texts, out bool masks)
    {
        masks = false;
        var topicSeen = false;
        var reader = new Utf8JsonReader(json);
        var walker = new JsonTextWalker(texts);
        var chars = new CharSink(256);
        try
        {
            while (reader.Read())
            {
                if (!walker.IsCheckedText(ref reader))
                {
                    continue;
                }

                var text = ReadString(ref reader, ref chars);
                if (Refusal(text) is { } refusal)
                {
                    masks = false;
                    return refusal;
                }

                topicSeen = topicSeen || _rules.MentionsTopic(text, 0, text.Length);
                masks = masks || _rules.HasValueToMask(text, 0, text.Length);
            }
        }
        finally
        {
            chars.Dispose();
        }

        if (_rules.HasTopics && !topicSeen)
        {
            masks = false;
            return TopicRefusal();
        }

        return null;
    }

    /// <summary>The second pass of <see cref="RewriteJson"/>: writes the body with every selected string masked.</summary>
    public void MaskJson(ReadOnlySpan<byte> json, JsonTexts texts, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(json);
        var walker = new JsonTextWalker(texts);
        var chars = new CharSink(256);
        var masked = new CharSink(256);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        var copied = 0;
        try
        {
            while (reader.Read())
            {
                if (!walker.IsCheckedText(ref reader))
                {
                    continue;
                }

                var text = ReadString(ref reader, ref chars);
                if (!_rules.HasValueToMask(text, 0, text.Length))
                {
                    continue;
                }

                var start = (int)reader.TokenStartIndex;
                output.Write(json[copied..start]);
                masked.Clear();
                _rules.AppendMasked(text, 0, text.Length, ref masked);
                writer.Reset(output);
                writer.WriteStringValue(masked.Written);
                writer.Flush();
                copied = (int)reader.BytesConsumed;
            }

            output.Write(json[copied..]);
        }
        finally
        {
            chars.Dispose();
            masked.Dispose();
        }
    }

    private GuardRefusal? Refusal(ReadOnlySpan<char> text) =>
        _rules.FirstRefusal(text, 0, text.Length) is { } found ? GuardRefusal.Of(Side, found.Kind, found.Name, _rules.Topics) : null;

    private GuardRefusal TopicRefusal() => GuardRefusal.Of(Side, GuardrailKind.ValidTopics, "", _rules.Topics);

    private string Masked(ReadOnlySpan<char> text)
    {
        var sink = new CharSink(text.Length + 32);
        try
        {
            _rules.AppendMasked(text, 0, text.Length, ref sink);
            return new string(sink.Written);
        }
        finally
        {
            sink.Dispose();
        }
    }

    /// <summary>The string value the reader is on, unescaped into <paramref name="chars"/> (reused for every string).</summary>
    private static ReadOnlySpan<char> ReadString(ref Utf8JsonReader reader, ref CharSink chars)
    {
        chars.Clear();
        var room = chars.Reserve(reader.ValueSpan.Length);
        var length = reader.CopyString(room);
        chars.Advance(length);
        return chars.Written;
    }
}
