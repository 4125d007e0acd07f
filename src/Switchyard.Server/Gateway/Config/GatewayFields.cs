using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Gateway.Config;

/// <summary>
/// Reads shared by every block of the gateway config, each adding a problem that names the
/// field's path to the list it is given: unknown fields, choices from a fixed list, counts and
/// lists of words. Nothing here throws but <see cref="ThrowIfAny"/>, so a stored (already checked)
/// document reads the same way.
/// </summary>
internal static class GatewayFields
{
    /// <summary>One INVALID_PARAMETER_VALUE naming every problem, when there is any.</summary>
    public static void ThrowIfAny(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", problems));
        }
    }

    /// <summary>The block at <paramref name="path"/>: null when absent, a problem when not a JSON object.</summary>
    public static JsonObject? Block(JsonNode? node, string path, List<string> problems)
    {
        if (node is null or JsonObject)
        {
            return (JsonObject?)node;
        }

        problems.Add($"{path} must be a JSON object.");
        return null;
    }

    /// <summary>The list at <paramref name="path"/>: null when absent, a problem when not a JSON array.</summary>
    public static JsonArray? List(JsonNode? node, string path, List<string> problems)
    {
        if (node is null or JsonArray)
        {
            return (JsonArray?)node;
        }

        problems.Add($"{path} must be a list.");
        return null;
    }

    /// <summary>Names each field of <paramref name="block"/> that is not one of <paramref name="known"/>, so a misspelt setting is never silently dropped.</summary>
    public static void RefuseUnknown(JsonObject block, string path, string what, string[] known, List<string> problems)
    {
        foreach (var (field, _) in block)
        {
            if (Array.IndexOf(known, field) < 0)
            {
                problems.Add($"{path}.{field} is not a field of {what} (its fields: {string.Join(", ", known)}).");
            }
        }
    }

    /// <summary>One of <paramref name="choices"/> (spelt exactly), or null when absent or not one of them.</summary>
    public static T? Choice<T>(JsonObject block, string field, string path, IReadOnlyDictionary<string, T> choices, List<string> problems)
        where T : struct, Enum
    {
        var node = block[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String && choices.TryGetValue(node.GetValue<string>(), out var choice))
        {
            return choice;
        }

        problems.Add($"{path}.{field} must be one of {string.Join(", ", choices.Keys)}.");
        return null;
    }

    /// <summary>A whole number of at least <paramref name="least"/>, or null when absent or not one.</summary>
    public static long? Count(JsonObject block, string field, string path, long least, List<string> problems)
    {
        var value = JsonFields.Integer(block, field, path, problems);
        if (value < least)
        {
            problems.Add($"{path}.{field} must be a whole number of at least {least}.");
            return null;
        }

        return value;
    }

    /// <summary>The switch <c>enabled</c> of a block: <paramref name="absent"/> when not given.</summary>
    public static bool Enabled(JsonObject block, string path, bool absent, List<string> problems) =>
        JsonFields.Bool(block, "enabled", path, problems) ?? absent;

    /// <summary>A name that is given and not empty: who a rule applies to.</summary>
    public static string? Principal(JsonObject block, string path, List<string> problems)
    {
        var principal = JsonFields.String(block, "principal", path, problems);
        if (principal is not null && principal.Trim().Length == 0)
        {
            problems.Add($"{path}.principal must not be empty: a user's e-mail, a group's name or a service principal's application id.");
            return null;
        }

        return principal;
    }

    /// <summary>A list of non-empty strings (keywords, topics); empty when absent.</summary>
    public static IReadOnlyList<string> Words(JsonObject block, string field, string path, List<string> problems)
    {
        if (List(block[field], $"{path}.{field}", problems) is not { } list)
        {
            return [];
        }

        var words = new List<string>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim().Length > 0)
            {
                words.Add(value.GetValue<string>());
            }
            else
            {
                problems.Add($"{path}.{field}[{i}] must be a non-empty string.");
            }
        }

        return words;
    }
}
