using System.Text.Json;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// How many tokens a query reserves against token limits before it runs: its output allowance
/// (the body's <c>max_tokens</c>, or <c>max_completion_tokens</c>, else <see cref="DefaultMaxTokens"/>;
/// none for embeddings) plus its input, estimated at one token per <see cref="BytesPerToken"/>
/// bytes of the request body (rounded up; JSON punctuation makes this generous for short prompts,
/// and the settling corrects it). After the answer the reservation is settled to the real count.
/// </summary>
public static class TokenReservation
{
    /// <summary>
    /// The output allowance when the body sets none: 4096, what the Anthropic provider sends when
    /// a query sets no <c>max_tokens</c> (OpenAI-style providers and the local engine default to the
    /// model's context, which no limit could reserve up front).
    /// </summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>Body bytes per estimated input token.</summary>
    public const int BytesPerToken = 4;

    /// <param name="embeddings">True for an embeddings query: nothing is generated, so only its input is reserved.</param>
    public static long Of(ReadOnlyMemory<byte> body, bool embeddings)
    {
        var input = (body.Length + BytesPerToken - 1) / BytesPerToken;
        return input + (embeddings ? 0 : MaxTokensIn(body.Span) ?? DefaultMaxTokens);
    }

    /// <summary>The top-level max_tokens (else max_completion_tokens) of a raw body, read without parsing the rest; null when absent or unreadable.</summary>
    private static long? MaxTokensIn(ReadOnlySpan<byte> body)
    {
        long? maxTokens = null, maxCompletionTokens = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMax = reader.ValueTextEquals("max_tokens"u8);
                var isMaxCompletion = !isMax && reader.ValueTextEquals("max_completion_tokens"u8);
                reader.Read();
                if ((isMax || isMaxCompletion) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value > 0)
                {
                    if (isMax)
                    {
                        maxTokens = value;
                    }
                    else
                    {
                        maxCompletionTokens = value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // A body that is not JSON (or names a property with an escape that is not text, which the
            // reader refuses to compare) is the driver's to refuse; reserve the default meanwhile.
        }

        return maxTokens ?? maxCompletionTokens;
    }
}
