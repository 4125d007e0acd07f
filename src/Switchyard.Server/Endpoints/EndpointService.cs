using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The control plane's use cases for endpoints. Each change is validated whole, written to the
/// store, and only then handed to the deployer; a refused request changes nothing.
/// </summary>
public sealed class EndpointService(
    IEndpointStore store, EndpointConfigReader reader, Deployer deployer, EndpointLocks locks, TimeProvider time)
{
    /// <summary>Top-level create fields that are the endpoint itself rather than kept extras.</summary>
    private static readonly HashSet<string> CoreFields = ["name", "config"];

    public async Task<ServingEndpoint> CreateAsync(JsonObject body, string caller, CancellationToken ct)
    {
        var name = body["name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (name is null)
        {
            throw ServingException.Invalid("name is required: the endpoint's name.");
        }

        if (!EndpointName.IsValid(name))
        {
            throw ServingException.Invalid($"name '{name}': {EndpointName.Rule}");
        }

        if (body["config"] is not (null or JsonObject))
        {
            throw ServingException.Invalid("config must be a JSON object.");
        }

        var config = body["config"] as JsonObject;
        if (config is null && (body["ai_gateway"] is not null || body["rate_limits"] is not null))
        {
            throw ServingException.Invalid("Cannot specify ai_gateway or rate_limits when creating endpoints without a config.");
        }

        if (await store.GetAsync(name, ct) is not null)
        {
            throw ServingException.AlreadyExists($"Serving endpoint with name {name} already exists");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var pending = config is null ? null : await reader.ReadAsync(config, 1, caller, now, previous: null, ct);
        var extras = new JsonObject();
        foreach (var (field, node) in body)
        {
            if (!CoreFields.Contains(field))
            {
                extras[field] = node?.DeepClone();
            }
        }

        var endpoint = new ServingEndpoint(
            Guid.NewGuid().ToString("N"), name, caller, now, now,
            Config: null, PendingConfig: pending, PendingStartTime: pending is null ? null : now,
            ConfigUpdate: pending is null ? ConfigUpdateState.NotUpdating : ConfigUpdateState.InProgress,
            UpdateFailure: null, extras);
        using (await locks.AcquireAsync(name, ct))
        {
            await store.CreateAsync(endpoint, ct);
        }

        if (pending is not null)
        {
            deployer.StartRollout(name);
        }

        return endpoint;
    }

    public async Task<ServingEndpoint> UpdateConfigAsync(string name, JsonObject body, string caller, CancellationToken ct)
    {
        ServingEndpoint updated;
        using (await locks.AcquireAsync(name, ct))
        {
            var endpoint = await GetAsync(name, ct);
            if (endpoint.ConfigUpdate == ConfigUpdateState.InProgress)
            {
                throw ServingException.Conflict(
                    $"Endpoint {name} is already being updated to config version {endpoint.PendingConfig?.ConfigVersion}; wait until state.config_update is no longer IN_PROGRESS.");
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var pending = await reader.ReadAsync(body, endpoint.NextConfigVersion, caller, now, endpoint.Config, ct);
            updated = endpoint with
            {
                PendingConfig = pending,
                PendingStartTime = now,
                ConfigUpdate = ConfigUpdateState.InProgress,
                UpdateFailure = null,
                LastUpdatedTimestamp = now,
            };
            await store.SaveAsync(updated, ct);
        }

        deployer.StartRollout(name);
        return updated;
    }

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        using (await locks.AcquireAsync(name, ct))
        {
            if (!await store.DeleteAsync(name, ct))
            {
                throw NotFound(name);
            }
        }

        deployer.Remove(name);
    }

    public async Task<ServingEndpoint> GetAsync(string name, CancellationToken ct) =>
        await store.GetAsync(name, ct) ?? throw NotFound(name);

    public Task<IReadOnlyList<ServingEndpoint>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    private static ServingException NotFound(string name) => ServingException.NotFound($"Serving endpoint with name {name} not found");
}
