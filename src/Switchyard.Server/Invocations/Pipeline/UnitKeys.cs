using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>The body's top-level <c>client_request_id</c>, the sticky unit key when the sticky header is missing.</summary>
internal static class UnitKeys
{
    private const string Field = "client_request_id";

    public static string? ClientRequestId(JsonObject body) =>
        body[Field] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } key
            ? key
            : null;

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
        catch (JsonException)
        {
            // A body that is not JSON has no key: the query is assigned at random, and its driver refuses it.
        }

        return null;
    }
}
