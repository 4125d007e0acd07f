using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The control plane's use cases for endpoints. Each is authorised first (view to read, manage
/// to change), then validated whole, written to the store, and only then handed to the
/// deployer; a refused request changes nothing.
/// </summary>
public sealed class EndpointService(
    IEndpointStore store,
    EndpointConfigReader reader,
    Deployer deployer,
    EndpointLocks locks,
    EndpointAccessTable access,
    RoutingTable routing,
    TimeProvider time)
{
    public async Task<ServingEndpoint> CreateAsync(JsonObject body, CallerIdentity caller, CancellationToken ct)
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

        var extras = EndpointCreateFields.ReadExtras(body);
        if (body["ai_gateway"] is { } gateway)
        {
            AiGatewayRequest.Check(gateway, "ai_gateway");
            extras["ai_gateway"] = gateway.DeepClone();
        }

        AiGatewayRequest.CheckRateLimits(body["rate_limits"], "rate_limits");

        if (await store.GetAsync(name, ct) is not null)
        {
            throw ServingException.AlreadyExists($"Serving endpoint with name {name} already exists");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var pending = config is null ? null : await reader.ReadAsync(config, 1, caller, now, previous: null, ct);

        var endpoint = new ServingEndpoint(
            Guid.NewGuid().ToString("N"), name, caller.Name, now, now,
            Config: null, PendingConfig: pending, PendingStartTime: pending is null ? null : now,
            ConfigUpdate: pending is null ? ConfigUpdateState.NotUpdating : ConfigUpdateState.InProgress,
            UpdateFailure: null, extras, Permissions: [CreatorEntry(caller)]);
        using (await locks.AcquireAsync(name, ct))
        {
            await store.CreateAsync(endpoint, ct);
            access.Set(name, endpoint.Access);
        }

        if (pending is not null)
        {
            deployer.StartRollout(name);
        }

        return endpoint;
    }

    public async Task<ServingEndpoint> UpdateConfigAsync(string name, JsonObject body, CallerIdentity caller, CancellationToken ct)
    {
        ServingEndpoint updated;
        using (await locks.AcquireAsync(name, ct))
        {
            var endpoint = await GetAsync(name, caller, PermissionLevel.CanManage, ct);
            if (endpoint.ConfigUpdate == ConfigUpdateState.InProgress)
            {
                throw ServingException.Conflict(
                    $"Endpoint {name} is already being updated to config version {endpoint.PendingConfig?.ConfigVersion}; wait until state.config_update is no longer IN_PROGRESS.");
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var pending = await reader.ReadAsync(body, endpoint.NextConfigVersion, caller, now, endpoint.Config, ct, endpoint.PendingConfig);
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

    /// <summary>
    /// Replaces the endpoint's <c>ai_gateway</c> config (an empty body removes it) and switches the
    /// live route's fallback at once; answers the stored config.
    /// </summary>
    public async Task<JsonObject> UpdateAiGatewayAsync(string name, JsonObject body, CallerIdentity caller, CancellationToken ct)
    {
        AiGatewayRequest.Check(body, "ai_gateway");
        using (await locks.AcquireAsync(name, ct))
        {
            var endpoint = await GetAsync(name, caller, PermissionLevel.CanManage, ct);
            var extras = endpoint.Extras.DeepClone().AsObject();
            extras.Remove("ai_gateway");
            if (body.Count > 0)
            {
                extras["ai_gateway"] = body.DeepClone();
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await store.SaveAsync(endpoint with { Extras = extras, LastUpdatedTimestamp = now }, ct);
            if (routing.TryGet(name, out var route))
            {
                routing.Publish(route.WithFallback(AiGatewaySettings.FallbackEnabled(extras)));
            }
        }

        return body;
    }

    /// <summary><c>PATCH …/tags</c>: adds and deletes tags; answers the whole list after the change.</summary>
    public async Task<JsonArray> UpdateTagsAsync(string name, JsonObject body, CallerIdentity caller, CancellationToken ct)
    {
        using (await locks.AcquireAsync(name, ct))
        {
            var endpoint = await GetAsync(name, caller, PermissionLevel.CanManage, ct);
            var tags = EndpointTags.Patch(endpoint.Extras["tags"], body);
            var extras = endpoint.Extras.DeepClone().AsObject();
            extras["tags"] = tags.DeepClone();
            await store.SaveAsync(endpoint with { Extras = extras, LastUpdatedTimestamp = time.GetUtcNow().ToUnixTimeMilliseconds() }, ct);
            return tags;
        }
    }

    public async Task DeleteAsync(string name, CallerIdentity caller, CancellationToken ct)
    {
        using (await locks.AcquireAsync(name, ct))
        {
            await GetAsync(name, caller, PermissionLevel.CanManage, ct);
            if (!await store.DeleteAsync(name, ct))
            {
                throw NotFound(name);
            }

            access.Remove(name);
        }

        deployer.Remove(name);
    }

    /// <summary>The endpoint, when <paramref name="caller"/> holds at least <paramref name="needed"/> on it.</summary>
    public async Task<ServingEndpoint> GetAsync(string name, CallerIdentity caller, PermissionLevel needed, CancellationToken ct)
    {
        var endpoint = await store.GetAsync(name, ct) ?? throw NotFound(name);
        Authorize(endpoint, caller, needed);
        return endpoint;
    }

    /// <summary>The endpoints <paramref name="caller"/> may view.</summary>
    public async Task<IReadOnlyList<ServingEndpoint>> ListAsync(CallerIdentity caller, CancellationToken ct)
    {
        var visible = new List<ServingEndpoint>();
        foreach (var endpoint in await store.ListAsync(ct))
        {
            if (endpoint.Access.LevelFor(caller) >= PermissionLevel.CanView)
            {
                visible.Add(endpoint);
            }
        }

        return visible;
    }

    /// <summary>Refuses with PERMISSION_DENIED, naming the level needed, when the caller lacks it.</summary>
    public static void Authorize(ServingEndpoint endpoint, CallerIdentity caller, PermissionLevel needed)
    {
        if (endpoint.Access.LevelFor(caller) < needed)
        {
            throw new ServingException(ErrorCode.PermissionDenied,
                $"{caller.Name} does not have {needed.ToWire()} permission on serving endpoint {endpoint.Name}.");
        }
    }

    /// <summary>The creator's CAN_MANAGE, kept as a direct grant so the ACL can name its kind of principal.</summary>
    private static AccessControlEntry CreatorEntry(CallerIdentity caller) => new(
        caller.Kind == PrincipalKind.ServicePrincipal ? AclPrincipalType.ServicePrincipal : AclPrincipalType.User,
        caller.Name, PermissionLevel.CanManage);

    private static ServingException NotFound(string name) => ServingException.NotFound($"Serving endpoint with name {name} not found");
}
