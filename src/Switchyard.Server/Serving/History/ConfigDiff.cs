using System.Text.Json.Nodes;

namespace Switchyard.Server.Serving.History;

/// <summary>
/// What changed between two config views, as a list of <c>{"path", "from", "to"}</c>. Objects are
/// compared field by field (path <c>a.b</c>); a list whose items all carry a name
/// (<c>served_entities</c> by <c>name</c>, <c>traffic_config.routes</c> by <c>served_entity_name</c>)
/// is compared item by item under <c>list[name]</c>; any other list is one value. An added field or
/// item has <c>from</c> null, a removed one <c>to</c> null. The config version itself is left out.
/// </summary>
public static class ConfigDiff
{
    public static JsonArray Between(JsonObject before, JsonObject after)
    {
        var changes = new JsonArray();
        var from = before.DeepClone().AsObject();
        var to = after.DeepClone().AsObject();
        from.Remove("config_version");
        to.Remove("config_version");
        Compare(from, to, "", changes);
        return changes;
    }

    private static void Compare(JsonNode? from, JsonNode? to, string path, JsonArray changes)
    {
        if (JsonNode.DeepEquals(from, to))
        {
            return;
        }

        if (from is JsonObject a && to is JsonObject b)
        {
            foreach (var (field, value) in a)
            {
                Compare(value, b[field], Join(path, field), changes);
            }

            foreach (var (field, value) in b)
            {
                if (!a.ContainsKey(field))
                {
                    Compare(null, value, Join(path, field), changes);
                }
            }

            return;
        }

        if (from is JsonArray x && to is JsonArray y && Keyed(x) is { } left && Keyed(y) is { } right)
        {
            foreach (var (key, item) in left)
            {
                Compare(item, right.GetValueOrDefault(key), $"{path}[{key}]", changes);
            }

            foreach (var (key, item) in right)
            {
                if (!left.ContainsKey(key))
                {
                    Compare(null, item, $"{path}[{key}]", changes);
                }
            }

            return;
        }

        changes.Add(new JsonObject { ["path"] = path, ["from"] = from?.DeepClone(), ["to"] = to?.DeepClone() });
    }

    /// <summary>The items of a list by name, in order, when every item is an object with a distinct name; else null.</summary>
    private static List<KeyValuePair<string, JsonNode>>? KeyedList(JsonArray list)
    {
        var items = new List<KeyValuePair<string, JsonNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            var key = item is JsonObject entry ? Name(entry) : null;
            if (key is null || !seen.Add(key))
            {
                return null;
            }

            items.Add(KeyValuePair.Create(key, item!));
        }

        return items;
    }

    private static Dictionary<string, JsonNode>? Keyed(JsonArray list) =>
        KeyedList(list) is { } items ? new Dictionary<string, JsonNode>(items, StringComparer.Ordinal) : null;

    private static string? Name(JsonObject item) =>
        (item["name"] ?? item["served_entity_name"]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";
}
