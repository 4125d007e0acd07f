using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// An endpoint's tags, <c>[{"key": …, "value"?: …}]</c>: keys unique and non-empty, values
/// optional strings. Kept in the endpoint's extras as a list sorted by key.
/// </summary>
public static class EndpointTags
{
    /// <summary>What is wrong with a tag list, each naming its place; none when it is right.</summary>
    public static IEnumerable<string> Problems(JsonNode? node, string path)
    {
        if (node is null)
        {
            yield break;
        }

        if (node is not JsonArray tags)
        {
            yield return $"{path} must be a list of {{\"key\": …, \"value\": …}}.";
            yield break;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i] is not JsonObject tag)
            {
                yield return $"{path}[{i}] must be a JSON object with key and value.";
                continue;
            }

            if (tag["key"] is not JsonValue key || key.GetValueKind() != JsonValueKind.String || key.GetValue<string>().Length == 0)
            {
                yield return $"{path}[{i}].key is required: a non-empty string.";
            }
            else if (!keys.Add(key.GetValue<string>()))
            {
                yield return $"{path}[{i}].key '{key.GetValue<string>()}' is given twice.";
            }

            if (tag["value"] is { } value && value.GetValueKind() != JsonValueKind.String)
            {
                yield return $"{path}[{i}].value must be a string.";
            }

            foreach (var (field, _) in tag)
            {
                if (field is not ("key" or "value"))
                {
                    yield return $"{path}[{i}].{field} is not a field of a tag; give key and value.";
                }
            }
        }
    }

    /// <summary>
    /// The tag list after <c>PATCH …/tags</c>: <c>add_tags</c> set (a key already there takes the
    /// new value), then <c>delete_tags</c> remove keys; a key not there is no error, as on Databricks.
    /// </summary>
    public static JsonArray Patch(JsonNode? current, JsonObject body)
    {
        var problems = new List<string>();
        foreach (var (field, _) in body)
        {
            if (field is not ("add_tags" or "delete_tags" or "name"))
            {
                problems.Add($"{field} is not a field of a tags update; give add_tags and delete_tags.");
            }
        }

        problems.AddRange(Problems(body["add_tags"], "add_tags"));
        var deletes = body["delete_tags"];
        if (deletes is not null && (deletes is not JsonArray list || list.Any(key => key?.GetValueKind() != JsonValueKind.String)))
        {
            problems.Add("delete_tags must be a list of tag keys (strings).");
        }

        if (problems.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", problems));
        }

        var tags = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var tag in (current as JsonArray ?? []).Concat(body["add_tags"] as JsonArray ?? []))
        {
            tags[(string)tag!["key"]!] = tag["value"]?.DeepClone();
        }

        foreach (var key in deletes as JsonArray ?? [])
        {
            tags.Remove((string)key!);
        }

        var answer = new JsonArray();
        foreach (var (key, value) in tags)
        {
            var tag = new JsonObject { ["key"] = key };
            if (value is not null)
            {
                tag["value"] = value;
            }

            answer.Add(tag);
        }

        return answer;
    }
}
