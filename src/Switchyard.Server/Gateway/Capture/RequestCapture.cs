using System.Text.Json;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// What the capture keeps of one query's request while the rest of the pipeline runs: the body's
/// text (only when the inference table samples the query) and its top-level
/// <c>client_request_id</c> and <c>usage_context</c>. The body is noted where it is read (its
/// pooled buffer goes back before the capture writes its rows); a query the gateway captures
/// nothing of has none of this.
/// </summary>
public sealed class RequestCapture(bool keepText)
{
    /// <summary>The body as text, cut at the payload limit; null until a body was read or when the table does not sample the query.</summary>
    public string? Text { get; private set; }

    public bool TextTruncated { get; private set; }

    public string? ClientRequestId { get; private set; }

    public IReadOnlyDictionary<string, string>? UsageContext { get; private set; }

    /// <summary>Notes the body, once it is read and while its buffer is still the query's.</summary>
    public void Note(ReadOnlySpan<byte> body)
    {
        if (keepText)
        {
            Text = PayloadText.Of(body, out var truncated);
            TextTruncated = truncated;
        }

        ReadTopLevel(body);
    }

    /// <summary>
    /// The body as the input guardrails masked it: the table keeps what the model was sent, never
    /// the values the guardrails took out.
    /// </summary>
    public void NoteMasked(ReadOnlySpan<byte> body)
    {
        if (keepText)
        {
            Text = PayloadText.Of(body, out var truncated);
            TextTruncated = truncated;
        }
    }

    /// <summary>Reads the two fields from the body's top level, skipping every other value without building it; a body that is not a JSON object has neither.</summary>
    private void ReadTopLevel(ReadOnlySpan<byte> body)
    {
        if (!MayName(body))
        {
            return;
        }

        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("client_request_id"u8))
                {
                    reader.Read();
                    ClientRequestId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("usage_context"u8))
                {
                    reader.Read();
                    UsageContext = ReadMap(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // A malformed body (or an escape that is not text) keeps what was read before the fault;
            // the driver answers the fault.
        }
    }

    /// <summary>
    /// False when the body cannot hold either field: neither name appears in its bytes and nothing
    /// is escaped (a name may be spelled with escapes). A vectorised search of the bytes is much
    /// cheaper than reading the JSON, and most bodies name neither.
    /// </summary>
    private static bool MayName(ReadOnlySpan<byte> body) =>
        body.IndexOf("client_request_id"u8) >= 0 || body.IndexOf("usage_context"u8) >= 0 || body.IndexOf((byte)'\\') >= 0;

    /// <summary><c>usage_context</c> is a map of strings; other scalars are kept as their JSON text, nested values left out.</summary>
    private static Dictionary<string, string>? ReadMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    map[key] = reader.GetString()!;
                    break;
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    map[key] = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return map;
    }
}
