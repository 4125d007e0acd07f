using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Server.Http;

namespace Switchyard.Server.Identity;

/// <summary>
/// JSON in and out for the identity routes. SCIM answers are camelCase with <c>$ref</c> keys and
/// token answers snake_case; both are built as JSON nodes, which need no reflection.
/// </summary>
internal static class IdentityJson
{
    public static IResult Answer(JsonNode node) => Results.Text(node.ToJsonString(), "application/json", System.Text.Encoding.UTF8);

    public static IResult Empty() => Answer(new JsonObject());

    /// <summary>The body as an object; an empty body reads as <c>{}</c>, since clients send none when every field is optional.</summary>
    public static async Task<JsonObject> ReadOptionalObjectAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.Length == 0 ? [] : JsonBody.ParseObject(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>An integer given as a JSON number or a string of digits (int64 fields travel as strings in some clients).</summary>
    public static long? OptionalInt64(JsonObject body, string field)
    {
        var node = body[field];
        if (node is null)
        {
            return null;
        }

        var text = node.GetValueKind() is JsonValueKind.Number or JsonValueKind.String ? node.ToString() : "";
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ServingException.Invalid($"{field} must be an integer.");
    }

    /// <summary>The ids in a SCIM reference list such as <c>[{"value": "123"}]</c>.</summary>
    public static List<string> ReferenceIds(JsonNode? node, string field)
    {
        var ids = new List<string>();
        if (node is null)
        {
            return ids;
        }

        if (node is not JsonArray array)
        {
            throw ServingException.Invalid($"{field} must be a list of {{\"value\": id}} objects.");
        }

        foreach (var item in array)
        {
            ids.Add(item is JsonObject reference && JsonBody.OptionalString(reference, "value") is { Length: > 0 } id
                ? id
                : throw ServingException.Invalid($"Each entry of {field} needs a string \"value\" naming an id."));
        }

        return ids;
    }

    public static JsonArray Strings(params string[] values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }
}
