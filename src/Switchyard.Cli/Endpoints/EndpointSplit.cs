using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary>
/// Builds the config for <c>split</c>: the endpoint's current served entities and the rest of its
/// traffic config (sticky assignment, segments), unchanged, with new routes. The API's answer carries output-only fields (state, creator…) that an update does not
/// take, so each entity is reduced to the fields of ServedEntityInput.
/// </summary>
internal static class EndpointSplit
{
    private static readonly string[] InputFields =
    [
        "name", "entity_name", "entity_version", "workload_size", "workload_type", "scale_to_zero_enabled", "environment_vars",
        "min_provisioned_throughput", "max_provisioned_throughput", "provisioned_model_units", "min_provisioned_concurrency",
        "max_provisioned_concurrency", "burst_scaling_enabled", "external_model",
        "role", "shadow_sample_percentage",
    ];

    public static JsonObject Build(JsonObject endpoint, IReadOnlyList<(string Served, int Percentage)> routes)
    {
        var name = JsonText.Of(endpoint["name"]);
        if (endpoint["pending_config"] is not null)
        {
            throw new CliException(ExitCodes.Conflict, $"'{name}' has an update in progress; wait for it (switchyard serving-endpoints get {name}).");
        }

        var current = endpoint["config"] as JsonObject ?? throw new CliException(ExitCodes.Other, $"'{name}' has no config to change.");
        var entities = new JsonArray();
        var served = new List<string>();
        foreach (var entity in JsonText.Objects(current["served_entities"]))
        {
            var input = new JsonObject();
            foreach (var field in InputFields)
            {
                if (entity[field] is { } value)
                {
                    input[field] = value.DeepClone();
                }
            }

            served.Add(JsonText.Of(entity["name"]) ?? "");
            entities.Add(input);
        }

        foreach (var (route, _) in routes)
        {
            if (!served.Contains(route))
            {
                throw CliException.Usage($"'{name}' serves no entity named '{route}'; it serves {string.Join(", ", served)}.");
            }
        }

        // Only the routes change: sticky assignment and segments stay as they are.
        var traffic = EndpointConfigFlags.TrafficConfig(routes);
        foreach (var (field, value) in current["traffic_config"] as JsonObject ?? [])
        {
            if (field != "routes")
            {
                traffic[field] = value?.DeepClone();
            }
        }

        var config = new JsonObject
        {
            ["served_entities"] = entities,
            ["traffic_config"] = traffic,
        };
        if (current["auto_capture_config"] is { } capture)
        {
            config["auto_capture_config"] = capture.DeepClone();
        }

        return config;
    }

    public static IReadOnlyList<(string Served, int Percentage)> Routes(IEnumerable<string> words)
    {
        var routes = Assignments.Routes(words);
        var total = routes.Sum(static r => r.Percentage);
        if (total != 100)
        {
            throw CliException.Usage($"The percentages add up to {total}; they must add up to 100.");
        }

        return routes;
    }
}
