using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Endpoints;

/// <summary>
/// The common case without a JSON file: <c>--entity current=catalog.schema.model-A:1</c> (repeatable),
/// <c>--route current=90</c> (repeatable), <c>--workload-size Small</c>, <c>--scale-to-zero</c>.
/// </summary>
internal static class EndpointConfigFlags
{
    public static string[] Options => ["entity", "route", "workload-size", "scale-to-zero"];

    public static bool Present(Arguments.CommandLine line) => line.Options("entity").Count > 0 || line.Options("route").Count > 0;

    public static JsonObject Build(Arguments.CommandLine line)
    {
        if (line.Options("entity").Count == 0)
        {
            throw CliException.Usage("--route needs the served entities too: give --entity NAME=MODEL:VERSION for each, or --json.");
        }

        var size = line.Option("workload-size") ?? "Small";
        var entities = new JsonArray();
        foreach (var word in line.Options("entity"))
        {
            var (name, target) = Assignments.Parse(word, "an entity");
            var colon = target.LastIndexOf(':');
            if (colon <= 0 || colon == target.Length - 1)
            {
                throw CliException.Usage($"--entity '{word}' must be NAME=MODEL:VERSION, for example current=catalog.schema.model-A:1.");
            }

            entities.Add(new JsonObject
            {
                ["name"] = name,
                ["entity_name"] = target[..colon],
                ["entity_version"] = target[(colon + 1)..],
                ["workload_size"] = size,
                ["scale_to_zero_enabled"] = line.Switch("scale-to-zero"),
            });
        }

        var config = new JsonObject { ["served_entities"] = entities };
        var routes = Assignments.Routes(line.Options("route"));
        if (routes.Count > 0)
        {
            config["traffic_config"] = TrafficConfig(routes);
        }

        return config;
    }

    public static JsonObject TrafficConfig(IEnumerable<(string Served, int Percentage)> routes) => new()
    {
        ["routes"] = new JsonArray(routes.Select(static r => (JsonNode)new JsonObject
        {
            ["served_model_name"] = r.Served,
            ["traffic_percentage"] = r.Percentage,
        }).ToArray()),
    };
}
