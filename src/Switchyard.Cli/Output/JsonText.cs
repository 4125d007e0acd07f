using System.Globalization;
using System.Text.Json.Nodes;

namespace Switchyard.Cli.Output;

/// <summary>Reads fields of an API answer as display text, whatever JSON type they arrived in.</summary>
internal static class JsonText
{
    public static string? Of(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };

    /// <summary>Epoch milliseconds as a UTC timestamp; the API's fields are in milliseconds.</summary>
    public static string? Time(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var ms) && ms > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : Of(node);

    public static IEnumerable<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray items ? items.OfType<JsonObject>() : [];
}
