using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// The fields of a Google service-account JSON key that the OAuth exchange needs. The private
/// key stays in memory only and never appears in a message.
/// </summary>
public sealed record ServiceAccountKey(string ClientEmail, string PrivateKeyPem, string TokenUri, string? PrivateKeyId)
{
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    /// <summary>Reads a key file's JSON; a problem names the field, never a value.</summary>
    public static ServiceAccountKey Parse(string json)
    {
        JsonObject? key;
        try
        {
            key = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            key = null;
        }

        if (key is null)
        {
            throw ServingException.Invalid("google_cloud_vertex_ai_config.private_key is not a service-account JSON key.");
        }

        return new ServiceAccountKey(
            Field(key, "client_email"),
            Field(key, "private_key"),
            key["token_uri"]?.GetValue<string>() ?? DefaultTokenUri,
            key["private_key_id"]?.GetValue<string>());
    }

    private static string Field(JsonObject key, string name) =>
        key[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0
            ? value.GetValue<string>()
            : throw ServingException.Invalid($"google_cloud_vertex_ai_config.private_key has no {name}.");

    public override string ToString() => $"ServiceAccountKey {{ ClientEmail = {ClientEmail} }}";
}
