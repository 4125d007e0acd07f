using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Reads <c>traffic_config.routes</c>: whole percentages 0-100 (numbers or numeric strings)
/// summing to 100, or (ours, for canaries under 1%) <c>traffic_basis_points</c> 0-10000 summing to
/// 10000, one or the other in every route; one route per served entity and none for anything else. Without a
/// traffic_config, a single served entity gets 100%. A route to a served entity that failed its
/// own checks is left to that entity's problem: it names an entity of the config, just not a valid
/// one, and the split's sum and coverage are not checked on top of it.
/// </summary>
public static class TrafficConfigReader
{
    /// <param name="failed">The served entities given that failed their own checks (their problems are in <paramref name="errors"/>).</param>
    public static IReadOnlyList<TrafficRoute> Read(
        JsonObject request, IReadOnlyList<ServedEntityConfig> entities, List<string> errors, FailedEntities? failed = null)
    {
        var traffic = JsonFields.Object(request, "traffic_config", "config", errors);
        if (traffic is null)
        {
            if (entities.Count + (failed?.Count ?? 0) > 1)
            {
                errors.Add("config.traffic_config is required when an endpoint serves more than one entity: give each a route with its traffic_percentage.");
            }

            return entities.Count == 1 ? [new TrafficRoute(entities[0].Name, 100)] : [];
        }

        var list = JsonFields.Array(traffic, "routes", "traffic_config", errors);
        if (list is null || list.Count == 0)
        {
            errors.Add("traffic_config.routes must list a route for each served entity.");
            return [];
        }

        return ReadRoutes(list, "traffic_config.routes", entities, errors, failed, everyEntity: true);
    }

    /// <summary>
    /// Reads one list of routes (the default one, or a segment's) at <paramref name="listPath"/>:
    /// shares in one unit summing to the whole, one route per entity, each naming an entity of the
    /// config; with <paramref name="everyEntity"/> every entity must have a route.
    /// </summary>
    internal static List<TrafficRoute> ReadRoutes(
        JsonArray list, string listPath, IReadOnlyList<ServedEntityConfig> entities, List<string> errors, FailedEntities? failed, bool everyEntity)
    {
        var routes = new List<TrafficRoute>(list.Count);
        var sum = 0L;
        var routed = new HashSet<string>(StringComparer.Ordinal);
        bool? basisPointRoutes = null;
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{listPath}[{i}]";
            if (list[i] is not JsonObject route)
            {
                errors.Add($"{path} must be a JSON object.");
                continue;
            }

            var name = JsonFields.String(route, "served_model_name", path, errors)
                ?? JsonFields.String(route, "served_entity_name", path, errors);
            var share = ReadShare(route, path, errors);
            if (name is null)
            {
                errors.Add($"{path}.served_model_name is required.");
                continue;
            }

            if (share is not { } given)
            {
                continue;
            }

            basisPointRoutes ??= given.BasisPoints;
            if (basisPointRoutes != given.BasisPoints)
            {
                errors.Add($"{path}.{(given.BasisPoints ? "traffic_basis_points" : "traffic_percentage")}: all routes of a config give traffic_percentage, or all give traffic_basis_points.");
                continue;
            }

            if (!entities.Any(e => e.Name == name))
            {
                if (failed?.MayBeNamed(name) == true)
                {
                    continue;
                }

                errors.Add($"{path}.served_model_name '{name}' does not name a served entity of this config.");
                continue;
            }

            if (!routed.Add(name))
            {
                errors.Add($"{path}.served_model_name '{name}' has more than one route.");
                continue;
            }

            sum += given.Value;
            routes.Add(given.BasisPoints
                ? new TrafficRoute(name, given.Value / 100) { TrafficBasisPoints = given.Value }
                : new TrafficRoute(name, given.Value));
        }

        if (routes.Count == list.Count && basisPointRoutes == true && sum != 10000)
        {
            errors.Add($"{listPath}: traffic basis points must sum to 10000, got {sum}.");
        }
        else if (routes.Count == list.Count && basisPointRoutes != true && sum != 100)
        {
            errors.Add($"{listPath}: traffic percentages must sum to 100, got {sum}.");
        }

        foreach (var entity in entities)
        {
            if (everyEntity && !routed.Contains(entity.Name) && routes.Count == list.Count)
            {
                errors.Add($"traffic_config.routes has no route for served entity '{entity.Name}'; give it one (0 is allowed).");
            }
        }

        return routes;
    }

    /// <summary>A route's share: its traffic_percentage (0-100) or its traffic_basis_points (0-10000), exactly one of them.</summary>
    private static (int Value, bool BasisPoints)? ReadShare(JsonObject route, string path, List<string> errors)
    {
        if (route["traffic_basis_points"] is not null && route["traffic_percentage"] is not null)
        {
            errors.Add($"{path}.traffic_basis_points: give traffic_percentage or traffic_basis_points, not both.");
            return null;
        }

        var basisPoints = route["traffic_basis_points"] is not null;
        var field = basisPoints ? "traffic_basis_points" : "traffic_percentage";
        var max = basisPoints ? 10000 : 100;
        var value = JsonFields.Integer(route, field, path, errors);
        if (value is null)
        {
            if (route[field] is null)
            {
                errors.Add($"{path}.traffic_percentage is required (or traffic_basis_points, in basis points of 10000).");
            }

            return null;
        }

        if (value < 0 || value > max)
        {
            errors.Add($"{path}.{field} must be between 0 and {max}, got {value}.");
            return null;
        }

        return ((int)value.Value, basisPoints);
    }
}
