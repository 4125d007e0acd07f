using System.Text.Json.Nodes;

namespace Switchyard.Server.Endpoints.OpenApi;

/// <summary>Small builders of OpenAPI 3.0 schema objects, so the documents read as their shapes.</summary>
internal static class Schemas
{
    public static JsonObject Typed(string type, string? format = null)
    {
        var schema = new JsonObject { ["type"] = type };
        if (format is not null)
        {
            schema["format"] = format;
        }

        return schema;
    }

    public static JsonObject Object(JsonObject properties, IReadOnlyList<string>? required = null)
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required is { Count: > 0 })
        {
            schema["required"] = new JsonArray([.. required.Select(static r => (JsonNode)JsonValue.Create(r))]);
        }

        return schema;
    }

    public static JsonObject Array(JsonNode items) => new() { ["type"] = "array", ["items"] = items };

    public static JsonObject Ref(string component) => new() { ["$ref"] = $"#/components/schemas/{component}" };

    /// <summary>One reference, or a <c>oneOf</c> of several.</summary>
    public static JsonObject OneOfRefs(IReadOnlyList<string> components) => components.Count == 1
        ? Ref(components[0])
        : new JsonObject { ["oneOf"] = new JsonArray([.. components.Select(static c => (JsonNode)Ref(c))]) };
}
