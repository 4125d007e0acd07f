using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Secrets;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Gateway.Config;

namespace Switchyard.Server.Serving.History;

/// <summary>
/// A config as the history shows it: what <c>GET …/{name}</c> shows of it, less what belongs to
/// the moment (each entity's deployment state) and less what is never shown (literal provider
/// keys, sealed or not: absent, as if not given; secret references stay, they are not secrets).
/// </summary>
public static class ConfigView
{
    public static JsonObject Of(EndpointConfig config, string endpointName)
    {
        var entities = new JsonArray();
        foreach (var entity in config.ServedEntities)
        {
            var output = entity.Declared.DeepClone().AsObject();
            if (output["external_model"] is not null)
            {
                output["external_model"] = ProviderKeySealer.WithoutKeys(output["external_model"]);
            }

            output["creator"] = entity.Creator;
            output["creation_timestamp"] = entity.CreationTimestamp;
            entities.Add(output);
        }

        var view = new JsonObject
        {
            ["config_version"] = config.ConfigVersion,
            ["served_entities"] = entities,
            ["traffic_config"] = TrafficConfigOutput.Of(config, withModelName: false),
        };
        if (config.AutoCaptureConfig is { } capture)
        {
            view["auto_capture_config"] = AutoCaptureOutput.Of(capture, endpointName);
        }

        return view;
    }

    /// <summary>
    /// The body of a <c>PUT …/config</c> that asks for <paramref name="config"/> again: its entities
    /// as declared, without their literal keys (a rollback carries the sealed ones over, as an
    /// update that omits a key does), its routes (sticky and basis points as given) and its capture settings.
    /// </summary>
    public static JsonObject Request(EndpointConfig config)
    {
        var entities = new JsonArray();
        foreach (var entity in config.ServedEntities)
        {
            var declared = entity.Declared.DeepClone().AsObject();
            if (declared["external_model"] is not null)
            {
                declared["external_model"] = ProviderKeySealer.WithoutKeys(declared["external_model"]);
            }

            entities.Add(declared);
        }

        var request = new JsonObject
        {
            ["served_entities"] = entities,
            ["traffic_config"] = TrafficConfigOutput.Of(config, withModelName: false),
        };
        if (config.AutoCaptureConfig is { } capture)
        {
            request["auto_capture_config"] = capture.DeepClone();
        }

        // Read back from its text, so every value is what a client's body would hold (a number built
        // in code does not read as every numeric type a parsed one does).
        return JsonNode.Parse(request.ToJsonString())!.AsObject();
    }
}
