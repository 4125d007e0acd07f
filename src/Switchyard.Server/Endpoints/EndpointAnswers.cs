using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Identity;
using Switchyard.Core.Llm;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;
using Switchyard.Core.Secrets;
using Switchyard.Server.Drivers;
using Switchyard.Server.Gateway.Config;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// Builds the Databricks answer shapes (ServingEndpointDetailed and the list's ServingEndpoint)
/// from one snapshot of the endpoint: its stored document and the deployment state of the
/// entities it holds, all of one moment.
/// </summary>
public sealed class EndpointAnswers(EntityDrivers drivers)
{
    // Each snapshot's list entry, rendered once: a snapshot never changes, but its entities'
    // deployment (so state.ready) can, so the entry keeps the readiness it was rendered with.
    private readonly ConditionalWeakTable<EndpointSnapshot, RenderedSummary> _summaries = [];

    public JsonObject Detailed(EndpointSnapshot snapshot, CallerIdentity caller)
    {
        var endpoint = snapshot.Endpoint;
        var answer = Header(snapshot);
        // During the first deployment there is no serving config yet; show the one being deployed.
        if ((endpoint.Config ?? endpoint.PendingConfig) is { } config)
        {
            answer["config"] = ConfigOutput(snapshot, config);
        }

        if (endpoint.PendingConfig is { } pending && endpoint.ConfigUpdate != ConfigUpdateState.NotUpdating)
        {
            var output = ConfigOutput(snapshot, pending);
            output["start_time"] = endpoint.PendingStartTime;
            answer["pending_config"] = output;
        }

        answer["permission_level"] = snapshot.Access.LevelFor(caller).ToWire();
        return answer;
    }

    public JsonObject Summary(EndpointSnapshot snapshot)
    {
        var endpoint = snapshot.Endpoint;
        var answer = Header(snapshot);
        if ((endpoint.Config ?? endpoint.PendingConfig) is { } config)
        {
            var entities = new JsonArray();
            var models = new JsonArray();
            foreach (var entity in config.ServedEntities)
            {
                entities.Add(EntitySummary(entity));
                models.Add(new JsonObject { ["name"] = entity.Name, ["model_name"] = entity.EntityName, ["model_version"] = entity.EntityVersion });
            }

            answer["config"] = new JsonObject { ["served_entities"] = entities, ["served_models"] = models };
        }

        return answer;
    }

    /// <summary>
    /// <see cref="Summary"/> as UTF-8 JSON, rendered once per snapshot (and again only when its readiness
    /// changed): a list of 1,000 endpoints copies their entries instead of building 1,000 JSON trees.
    /// </summary>
    public RenderedSummary SummaryUtf8(EndpointSnapshot snapshot)
    {
        if (_summaries.TryGetValue(snapshot, out var cached) && cached.Ready == snapshot.IsReady)
        {
            return cached;
        }

        var summary = Summary(snapshot);
        var rendered = new RenderedSummary((string?)summary["state"]!["ready"] == "READY", Encoding.UTF8.GetBytes(summary.ToJsonString()));
        _summaries.AddOrUpdate(snapshot, rendered);
        return rendered;
    }

    /// <summary>A served entity in the list (the SDK's ServedEntitySpec): its name and what it serves, as its driver says.</summary>
    private JsonObject EntitySummary(ServedEntityConfig entity)
    {
        var summary = new JsonObject { ["name"] = entity.Name };
        drivers.For(entity).Summarize(entity, summary);
        return summary;
    }

    /// <summary>
    /// The endpoint's task (<c>llm/v1/chat</c> …) as Databricks shows it for LLM endpoints: the
    /// first task its entities' driver names; none for custom models.
    /// </summary>
    private string? TaskOf(EndpointConfig? config) =>
        config?.ServedEntities is [var first, ..] && drivers.For(first).TasksOf(first) is [var task, ..] ? task.ToWire() : null;

    /// <summary>A list entry as UTF-8 JSON, and the readiness it shows.</summary>
    public sealed record RenderedSummary(bool Ready, byte[] Json);

    private JsonObject Header(EndpointSnapshot snapshot)
    {
        var endpoint = snapshot.Endpoint;
        var answer = new JsonObject
        {
            ["name"] = endpoint.Name,
            ["id"] = endpoint.Id,
            ["creator"] = endpoint.Creator,
            ["creation_timestamp"] = endpoint.CreationTimestamp,
            ["last_updated_timestamp"] = endpoint.LastUpdatedTimestamp,
            ["state"] = new JsonObject
            {
                ["ready"] = snapshot.IsReady ? "READY" : "NOT_READY",
                ["config_update"] = endpoint.ConfigUpdate switch
                {
                    ConfigUpdateState.InProgress => "IN_PROGRESS",
                    ConfigUpdateState.UpdateFailed => "UPDATE_FAILED",
                    _ => "NOT_UPDATING",
                },
            },
            ["description"] = "",
            ["route_optimized"] = false,
        };
        if (endpoint.UpdateFailure is { } failure && endpoint.ConfigUpdate == ConfigUpdateState.UpdateFailed)
        {
            // Our extension: why the last update failed, beside the per-entity messages.
            answer["state"]!["config_update_message"] = failure;
        }

        if (TaskOf(endpoint.Config ?? endpoint.PendingConfig) is { } task)
        {
            answer["task"] = task;
        }

        foreach (var (field, node) in endpoint.Extras)
        {
            answer[field] = node?.DeepClone();
        }

        return answer;
    }

    private static JsonObject ConfigOutput(EndpointSnapshot snapshot, EndpointConfig config)
    {
        var entities = new JsonArray();
        var models = new JsonArray();
        foreach (var entity in config.ServedEntities)
        {
            var (state, message) = StateOf(snapshot, config, entity.Name);
            var output = entity.Declared.DeepClone().AsObject();
            if (output["external_model"] is not null)
            {
                // Literal provider keys are never shown, not even sealed: absent, as if not given.
                output["external_model"] = ProviderKeySealer.WithoutKeys(output["external_model"]);
            }

            output["creator"] = entity.Creator;
            output["creation_timestamp"] = entity.CreationTimestamp;
            output["state"] = new JsonObject { ["deployment"] = state.ToWire(), ["deployment_state_message"] = message };
            entities.Add(output);
            var model = new JsonObject
            {
                ["name"] = entity.Name,
                ["model_name"] = entity.EntityName,
                ["model_version"] = entity.EntityVersion,
                ["scale_to_zero_enabled"] = entity.ScaleToZeroEnabled,
                ["creator"] = entity.Creator,
                ["creation_timestamp"] = entity.CreationTimestamp,
                ["state"] = output["state"]!.DeepClone(),
            };
            if (entity.WorkloadSize.Length > 0)
            {
                // Entities sized otherwise (provisioned concurrency, a band, model units) have no workload size.
                model["workload_size"] = entity.WorkloadSize;
            }

            models.Add(model);
        }

        var traffic = TrafficConfigOutput.Of(config, withModelName: true);
        var answer = new JsonObject
        {
            ["config_version"] = config.ConfigVersion,
            ["served_entities"] = entities,
            ["served_models"] = models,
            ["traffic_config"] = traffic,
        };
        if (config.AutoCaptureConfig is { } capture)
        {
            answer["auto_capture_config"] = AutoCaptureOutput.Of(capture, snapshot.Name);
        }

        return answer;
    }

    private static (DeploymentState State, string Message) StateOf(EndpointSnapshot snapshot, EndpointConfig config, string entityName)
    {
        var (endpoint, live, rollout) = (snapshot.Endpoint, snapshot.Live, snapshot.Rollout);
        var entity = live?.ConfigVersion == config.ConfigVersion ? live.Find(entityName)
            : rollout?.ConfigVersion == config.ConfigVersion ? rollout.Find(entityName)
            : null;
        if (entity is not null)
        {
            return (entity.State, entity.StateMessage);
        }

        return endpoint.ConfigUpdate == ConfigUpdateState.UpdateFailed && endpoint.PendingConfig?.ConfigVersion == config.ConfigVersion
            ? (DeploymentState.Failed, endpoint.UpdateFailure ?? "The update failed.")
            : (DeploymentState.Creating, "Waiting to be loaded.");
    }
}
