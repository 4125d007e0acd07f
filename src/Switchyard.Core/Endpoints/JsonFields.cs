using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Typed reads of request fields with proto-JSON leniency (integers may come as numeric
/// strings). Each failure is added to <paramref name="errors"/> naming the field's path.
/// </summary>
public static class JsonFields
{
    public static string? String(JsonObject obj, string field, string path, List<string> errors)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>();
        }

        errors.Add($"{path}.{field} must be a string.");
        return null;
    }

    /// <summary>A version-like value: a string, or a whole number written as a number.</summary>
    public static string? StringOrInteger(JsonObject obj, string field, string path, List<string> errors)
    {
        var node = obj[field];
        if (node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var number))
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        return String(obj, field, path, errors);
    }

    public static bool? Bool(JsonObject obj, string field, string path, List<string> errors)
    {
        var node = obj[field];
        switch (node?.GetValueKind())
        {
            case null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when bool.TryParse(node.GetValue<string>(), out var parsed):
                return parsed;
            default:
                errors.Add($"{path}.{field} must be true or false.");
                return null;
        }
    }

    /// <summary>A whole number, written as a JSON number or as a numeric string ("90").</summary>
    public static long? Integer(JsonObject obj, string field, string path, List<string> errors)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.Number:
                if (node.AsValue().TryGetValue<long>(out var whole))
                {
                    return whole;
                }

                if (node.AsValue().TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < long.MaxValue)
                {
                    return (long)real;
                }

                break;
            case JsonValueKind.String:
                if (long.TryParse(node.GetValue<string>().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                break;
        }

        errors.Add($"{path}.{field} must be a whole number, got {node.ToJsonString()}.");
        return null;
    }

    public static JsonObject? Object(JsonObject obj, string field, string path, List<string> errors)
    {
        var node = obj[field];
        if (node is null or JsonObject)
        {
            return (JsonObject?)node;
        }

        errors.Add($"{path}.{field} must be a JSON object.");
        return null;
    }

    public static JsonArray? Array(JsonObject obj, string field, string path, List<string> errors)
    {
        var node = obj[field];
        if (node is null or JsonArray)
        {
            return (JsonArray?)node;
        }

        errors.Add($"{path}.{field} must be a JSON array.");
        return null;
    }
}
