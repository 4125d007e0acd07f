using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Testing.Providers;

/// <summary>
/// The JSON type and range checks the providers' request rules are built from. Each answers the
/// violation in words (naming the field's path) or null when the value conforms.
/// </summary>
public static class WireRules
{
    public static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    public static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

    public static string? Text(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : null;

    /// <summary>A field no definition names.</summary>
    public static string? UnknownField(JsonObject body, IReadOnlySet<string> known, string path = "")
    {
        foreach (var (name, _) in body)
        {
            if (!known.Contains(name))
            {
                return $"{path}{name}: unknown field";
            }
        }

        return null;
    }

    public static string? RequiredString(JsonObject body, string field, string path = "") =>
        IsString(body[field]) ? null : $"{path}{field}: a string is required";

    public static string? OptionalString(JsonObject body, string field, string path = "") =>
        body.ContainsKey(field) && !IsString(body[field]) ? $"{path}{field}: must be a string" : null;

    public static string? OptionalBool(JsonObject body, string field, bool nullable = true) =>
        body.ContainsKey(field) && !(nullable && IsNull(body[field])) && body[field]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)
            ? $"{field}: must be a boolean"
            : null;

    /// <summary>An integer in [min, max] when present (null allowed where the definition makes it nullable).</summary>
    public static string? Integer(JsonObject body, string field, long min, long max, bool required = false, bool nullable = true)
    {
        if (!body.ContainsKey(field) || (nullable && IsNull(body[field])))
        {
            return required ? $"{field}: an integer is required" : null;
        }

        if (body[field] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<long>(out var number))
        {
            return $"{field}: must be an integer";
        }

        return number < min || number > max ? $"{field}: must be between {min} and {max}; got {number}" : null;
    }

    /// <summary>A number in [min, max] when present.</summary>
    public static string? Number(JsonObject body, string field, double min, double max, bool nullable = true)
    {
        if (!body.ContainsKey(field) || (nullable && IsNull(body[field])))
        {
            return null;
        }

        if (body[field] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return $"{field}: must be a number";
        }

        var number = value.GetValue<double>();
        return number < min || number > max ? $"{field}: must be between {min} and {max}; got {number}" : null;
    }

    /// <summary>One of <paramref name="values"/> when present.</summary>
    public static string? Enum(JsonObject body, string field, params string[] values) =>
        body.ContainsKey(field) && (Text(body[field]) is not { } text || !values.Contains(text))
            ? $"{field}: must be one of {string.Join(", ", values)}"
            : null;

    /// <summary>The first violation of several checks, in order.</summary>
    public static string? First(params string?[] violations)
    {
        foreach (var violation in violations)
        {
            if (violation is not null)
            {
                return violation;
            }
        }

        return null;
    }
}
