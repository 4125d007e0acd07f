using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Reads <c>traffic_config.segments</c> (ours): up to <see cref="MaxSegments"/> of
/// <c>{"name", "match": {"header", "values"} | {"group"}, "routes"}</c>. A segment's routes follow
/// the rules of the default routes (one unit, summing to the whole, naming entities of the config)
/// except that an entity it does not name simply takes none of its traffic. Absent, every request
/// takes the default routes.
/// </summary>
public static class TrafficSegmentReader
{
    public const int MaxSegments = 20;
    public const int MaxValues = 100;
    public const int MaxValueLength = 256;

    public static IReadOnlyList<TrafficSegment> Read(
        JsonObject request, IReadOnlyList<ServedEntityConfig> entities, List<string> errors, FailedEntities? failed = null)
    {
        if (request["traffic_config"] is not JsonObject traffic || !traffic.ContainsKey("segments"))
        {
            return [];
        }

        var list = JsonFields.Array(traffic, "segments", "traffic_config", errors);
        if (list is null)
        {
            return [];
        }

        if (list.Count > MaxSegments)
        {
            errors.Add($"traffic_config.segments lists {list.Count} segments; at most {MaxSegments} are allowed.");
            return [];
        }

        var segments = new List<TrafficSegment>(list.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"traffic_config.segments[{i}]";
            if (list[i] is not JsonObject segment)
            {
                errors.Add($"{path} must be a JSON object: {{\"name\", \"match\", \"routes\"}}.");
                continue;
            }

            var before = errors.Count;
            RefuseUnknown(segment, path, ["name", "match", "routes"], errors);
            var name = JsonFields.String(segment, "name", path, errors);
            if (name is null && segment["name"] is null)
            {
                errors.Add($"{path}.name is required.");
            }
            else if (name is not null && !IsName(name))
            {
                errors.Add($"{path}.name '{name}' must be 1 to 63 letters, digits, '-', '_' or '.'.");
            }
            else if (name is not null && !names.Add(name))
            {
                errors.Add($"{path}.name '{name}' is used by another segment; segment names must be unique.");
            }

            var match = ReadMatch(segment, $"{path}.match", errors);
            var routeList = JsonFields.Array(segment, "routes", path, errors);
            if (routeList is null || routeList.Count == 0)
            {
                if (segment["routes"] is null || routeList is not null)
                {
                    errors.Add($"{path}.routes must list the segment's split (at least one route).");
                }

                continue;
            }

            var routes = TrafficConfigReader.ReadRoutes(routeList, $"{path}.routes", entities, errors, failed, everyEntity: false);
            if (errors.Count == before && name is not null && match is not null)
            {
                segments.Add(new TrafficSegment(name, match, routes));
            }
        }

        return segments;
    }

    private static SegmentMatch? ReadMatch(JsonObject segment, string path, List<string> errors)
    {
        if (segment["match"] is not JsonObject match)
        {
            errors.Add($"{path} is required: {{\"header\": \"x-cohort\", \"values\": [\"beta\"]}} or {{\"group\": \"beta-testers\"}}.");
            return null;
        }

        var before = errors.Count;
        RefuseUnknown(match, path, ["header", "values", "group"], errors);
        if (match.ContainsKey("group") == match.ContainsKey("header"))
        {
            errors.Add($"{path} matches on a header (header and values) or on the caller's group (group), exactly one of them.");
            return null;
        }

        if (match.ContainsKey("group"))
        {
            if (match.ContainsKey("values"))
            {
                errors.Add($"{path}.values goes with header, not with group.");
            }

            var group = JsonFields.String(match, "group", path, errors);
            if (group is { Length: 0 })
            {
                errors.Add($"{path}.group must not be empty.");
            }

            return errors.Count == before && group is not null ? new SegmentMatch(null, null, group) : null;
        }

        var header = JsonFields.String(match, "header", path, errors);
        if (header is not null && !StickyAssignmentReader.IsHeaderName(header))
        {
            errors.Add($"{path}.header '{header}' is not a valid HTTP header name.");
        }

        var values = ReadValues(match, path, errors);
        return errors.Count == before && header is not null && values is not null ? new SegmentMatch(header, values, null) : null;
    }

    private static List<string>? ReadValues(JsonObject match, string path, List<string> errors)
    {
        if (match["values"] is not JsonArray list || list.Count is 0 or > MaxValues)
        {
            errors.Add($"{path}.values must list 1 to {MaxValues} header values.");
            return null;
        }

        var values = new List<string>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length is > 0 and <= MaxValueLength)
            {
                values.Add(text);
            }
            else
            {
                errors.Add($"{path}.values[{i}] must be a string of 1 to {MaxValueLength} characters.");
            }
        }

        return values.Count == list.Count ? values : null;
    }

    private static void RefuseUnknown(JsonObject fields, string path, string[] known, List<string> errors)
    {
        foreach (var (key, _) in fields)
        {
            if (Array.IndexOf(known, key) < 0)
            {
                errors.Add($"{path}.{key} is not a field of {path}; it takes {string.Join(", ", known)}.");
            }
        }
    }

    private static bool IsName(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
