using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Server.Http;

namespace Switchyard.Server.Identity;

/// <summary>
/// One entry of a SCIM PATCH body's <c>Operations</c>: <c>add</c>, <c>remove</c> or
/// <c>replace</c> on a path such as <c>members</c>, <c>members[value eq "id"]</c> or
/// <c>active</c>. Everything is parsed before anything is applied, so a bad entry changes nothing.
/// </summary>
internal sealed record ScimOperation(string Op, string Attribute, string? SelectedValue, JsonNode? Value)
{
    public static List<ScimOperation> ReadAll(JsonObject body)
    {
        if (body["Operations"] is not JsonArray operations || operations.Count == 0)
        {
            throw ServingException.Invalid("A PATCH body needs a non-empty Operations list.");
        }

        var parsed = new List<ScimOperation>();
        foreach (var item in operations)
        {
            if (item is not JsonObject operation)
            {
                throw ServingException.Invalid("Each entry of Operations must be an object.");
            }

            var op = JsonBody.OptionalString(operation, "op")?.ToLowerInvariant();
            if (op is not ("add" or "remove" or "replace"))
            {
                throw ServingException.Invalid("Each operation needs op 'add', 'remove' or 'replace'.");
            }

            var path = JsonBody.OptionalString(operation, "path");
            var value = operation["value"];
            if (path is null)
            {
                // Without a path the value is an object of attribute: value pairs.
                if (value is not JsonObject attributes)
                {
                    throw ServingException.Invalid($"An '{op}' operation without a path needs an object value.");
                }

                foreach (var (name, attributeValue) in attributes)
                {
                    parsed.Add(new ScimOperation(op, name, null, attributeValue?.DeepClone()));
                }

                continue;
            }

            parsed.Add(FromPath(op, path, value?.DeepClone()));
        }

        return parsed;
    }

    /// <summary>True or false, given plainly, as a string, or as SCIM's <c>[{"value": …}]</c>.</summary>
    public bool BooleanValue()
    {
        var node = Value is JsonArray { Count: 1 } array && array[0] is JsonObject wrapped ? wrapped["value"] : Value;
        return node?.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(node.GetValue<string>(), out var parsed) => parsed,
            _ => throw ServingException.Invalid($"{Attribute} must be true or false."),
        };
    }

    /// <summary>The ids this operation names: from a <c>[value eq "id"]</c> selector, or the value's references.</summary>
    public List<string> ReferenceIds()
    {
        var ids = IdentityJson.ReferenceIds(Value, Attribute);
        if (SelectedValue is not null)
        {
            ids.Add(SelectedValue);
        }

        return ids;
    }

    private static ScimOperation FromPath(string op, string path, JsonNode? value)
    {
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return new ScimOperation(op, path.Trim(), null, value);
        }

        if (!path.EndsWith(']'))
        {
            throw ServingException.Invalid($"Unsupported path '{path}'.");
        }

        var filter = ScimFilter.Parse(path[(bracket + 1)..^1]);
        if (filter is null || !filter.Attribute.Equals("value", StringComparison.OrdinalIgnoreCase))
        {
            throw ServingException.Invalid($"Unsupported path '{path}': only [value eq \"id\"] selects members.");
        }

        return new ScimOperation(op, path[..bracket].Trim(), filter.Value, value);
    }
}
