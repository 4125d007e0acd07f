using System.Text.Json;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>The body's top-level <c>client_request_id</c>, the sticky unit key when the sticky header is missing.</summary>
internal static class UnitKeys
{
    /// <summary>Scans the raw body's top level only (nothing else is parsed); null for a body that is not a JSON object.</summary>
    public static string? ClientRequestId(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKey = reader.ValueTextEquals("client_request_id"u8);
                reader.Read();
                if (isKey)
                {
                    return reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } key ? key : null;
                }

                reader.Skip();
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // A body that is not JSON (or names a property with an escape that is not text, which the
            // reader refuses to compare) has no key: the query is assigned at random, and its driver refuses it.
        }

        return null;
    }
}
