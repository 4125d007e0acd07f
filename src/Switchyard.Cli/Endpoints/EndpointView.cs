using System.Text.Json.Nodes;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary>An endpoint as text: its state, its served entities with their deployment state, its routes.</summary>
internal static class EndpointView
{
    public static void Detailed(OutputWriter output, JsonObject endpoint)
    {
        var state = endpoint["state"] as JsonObject;
        var config = endpoint["config"] as JsonObject;
        output.Fields(
            ("name", JsonText.Of(endpoint["name"])),
            ("id", JsonText.Of(endpoint["id"])),
            ("creator", JsonText.Of(endpoint["creator"])),
            ("state", $"{JsonText.Of(state?["ready"])}, {JsonText.Of(state?["config_update"])}"),
            ("config_version", JsonText.Of(config?["config_version"])),
            ("permission_level", JsonText.Of(endpoint["permission_level"])),
            ("last_updated", JsonText.Time(endpoint["last_updated_timestamp"])));
        if (JsonText.Of(state?["config_update_message"]) is { } failure)
        {
            output.Line($"update failed:     {failure}");
        }

        if (config is not null)
        {
            Config(output, "", config);
        }

        if (endpoint["pending_config"] is JsonObject pending)
        {
            Config(output, $"pending (since {JsonText.Time(pending["start_time"])}) ", pending);
        }
    }

    public static void List(OutputWriter output, JsonObject answer)
    {
        var rows = JsonText.Objects(answer["endpoints"])
            .Select(static e => (IReadOnlyList<string?>)
            [
                JsonText.Of(e["name"]),
                JsonText.Of(e["state"]?["ready"]),
                JsonText.Of(e["state"]?["config_update"]),
                string.Join(",", JsonText.Objects(e["config"]?["served_entities"]).Select(static s => JsonText.Of(s["name"]))),
                JsonText.Of(e["creator"]),
            ])
            .ToList();
        output.Table(["NAME", "READY", "CONFIG_UPDATE", "SERVED_ENTITIES", "CREATOR"], rows);
    }

    private static void Config(OutputWriter output, string label, JsonObject config)
    {
        output.Line();
        output.Line($"{label}served entities:");
        var entities = JsonText.Objects(config["served_entities"])
            .Select(static e => (IReadOnlyList<string?>)
            [
                JsonText.Of(e["name"]),
                JsonText.Of(e["entity_name"] ?? e["external_model"]?["name"]),
                JsonText.Of(e["entity_version"]),
                JsonText.Of(e["workload_size"]),
                JsonText.Of(e["scale_to_zero_enabled"]),
                JsonText.Of(e["state"]?["deployment"]),
                JsonText.Of(e["state"]?["deployment_state_message"]),
            ])
            .ToList();
        output.Table(["NAME", "ENTITY", "VERSION", "SIZE", "SCALE_TO_ZERO", "DEPLOYMENT", "MESSAGE"], entities);
        var routes = JsonText.Objects(config["traffic_config"]?["routes"])
            .Select(static r => (IReadOnlyList<string?>)[JsonText.Of(r["served_model_name"] ?? r["served_entity_name"]), $"{JsonText.Of(r["traffic_percentage"])}%"])
            .ToList();
        if (routes.Count > 0)
        {
            output.Line();
            output.Line($"{label}traffic:");
            output.Table(["SERVED_MODEL", "TRAFFIC"], routes);
        }
    }
}
