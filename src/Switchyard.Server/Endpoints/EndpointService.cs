using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Server.Gateway.Config;
using Switchyard.Server.Serving;
using Switchyard.Server.Serving.History;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The control plane's use cases for endpoints. Each is authorised first (view to read, manage
/// to change) and validated whole, then handed to the endpoint's owner, which stores it and
/// publishes the endpoint's new state; a refused request changes nothing. Reads answer the
/// owners' snapshots and never touch the store.
/// </summary>
public sealed class EndpointService(
    EndpointDirectory directory, EndpointIntake intake, EndpointConfigReader reader, AiGatewayEndpointRules gatewayRules, TimeProvider time,
    IConfigHistoryStore history)
{
    public async Task<EndpointSnapshot> CreateAsync(JsonObject body, CallerIdentity caller, CancellationToken ct)
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
            AiGatewayConfigReader.Read(gateway, "ai_gateway", name);
            extras["ai_gateway"] = gateway.DeepClone();
        }

        if (AiGatewayConfigReader.ReadLegacyRateLimits(body["rate_limits"], "rate_limits").Count > 0)
        {
            extras["rate_limits"] = body["rate_limits"]!.DeepClone();
        }

        if (directory.TryGetSnapshot(name) is not null)
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
        gatewayRules.CheckCreated(endpoint);
        return await intake.CreateAsync(endpoint, ct);
    }

    /// <summary>
    /// Validates a new config against the endpoint as it stands and has its owner roll it out;
    /// RESOURCE_CONFLICT while another update is in progress. A top-level <c>reason</c> (ours) is
    /// kept in the config history; <paramref name="ifMatch"/> is the version the caller saw (412 when it is not current).
    /// </summary>
    public Task<EndpointSnapshot> UpdateConfigAsync(string name, JsonObject body, CallerIdentity caller, CancellationToken ct, long? ifMatch = null)
    {
        var reason = ConfigRequestFields.Reason(body);
        if (body.ContainsKey("reason"))
        {
            body = body.DeepClone().AsObject();
            body.Remove("reason");
        }

        var write = new ConfigWrite(caller.Name, reason, ifMatch);
        return ApplyConfigAsync(name, caller, write, (endpoint, version, now) =>
            reader.ReadAsync(body, version, caller, now, endpoint.Config, ct, endpoint.PendingConfig), ct);
    }

    /// <summary>
    /// <c>POST …/config/rollback</c>: applies the config of an earlier version again, as a new
    /// version, exactly as <c>PUT …/config</c> would apply it. Its literal provider keys come from
    /// that version (then from the config serving now), as an update that omits a key keeps it.
    /// </summary>
    public async Task<EndpointSnapshot> RollbackAsync(string name, JsonObject body, CallerIdentity caller, long? ifMatch, CancellationToken ct)
    {
        var owner = directory.OwnerOf(name) ?? throw NotFound(name);
        var first = owner.Snapshot ?? throw NotFound(name);
        Authorize(first, caller, PermissionLevel.CanManage);
        var (version, reason) = ConfigRequestFields.ReadRollback(body);
        return await RestoreVersionAsync(name, version, caller, new ConfigWrite(caller.Name, reason, ifMatch), ct);
    }

    /// <summary>
    /// Applies config version <paramref name="version"/> again as a new version, read with
    /// <paramref name="caller"/>'s rights and kept in the history as <paramref name="write"/> says:
    /// the rollback, and a progressive rollout's return to its baseline.
    /// </summary>
    public async Task<EndpointSnapshot> RestoreVersionAsync(string name, long version, CallerIdentity caller, ConfigWrite write, CancellationToken ct)
    {
        var first = directory.TryGetSnapshot(name) ?? throw NotFound(name);
        var entry = await history.FindAsync(first.Endpoint.Id, version, ct)
            ?? throw ServingException.NotFound($"Config version {version} of serving endpoint {name} not found.");
        var request = ConfigView.Request(entry.Config);
        return await ApplyConfigAsync(name, caller, write, (endpoint, next, now) =>
            reader.ReadAsync(request, next, caller, now, entry.Config, ct, endpoint.Config), ct);
    }

    /// <summary>
    /// Applies <paramref name="request"/> (a <c>PUT …/config</c> body) as <paramref name="caller"/>,
    /// kept in the history as <paramref name="write"/> says: a progressive rollout's weight steps,
    /// which take exactly the path a user's update takes.
    /// </summary>
    public Task<EndpointSnapshot> ApplyRequestAsync(string name, JsonObject request, CallerIdentity caller, ConfigWrite write, CancellationToken ct) =>
        ApplyConfigAsync(name, caller, write, (endpoint, version, now) =>
            reader.ReadAsync(request, version, caller, now, endpoint.Config, ct, endpoint.PendingConfig), ct);

    /// <summary>An endpoint's accepted configs, newest first (CAN_VIEW).</summary>
    public async Task<IReadOnlyList<ConfigHistoryEntry>> ConfigHistoryAsync(string name, CallerIdentity caller, int maxResults, CancellationToken ct)
    {
        var endpoint = Get(name, caller, PermissionLevel.CanView).Endpoint;
        return await history.ReadAsync(endpoint.Id, maxResults, ct);
    }

    /// <summary>
    /// The one path a new config takes: checked against the endpoint as it stands (If-Match, then
    /// an update in progress), read by <paramref name="read"/> and handed to the owner, which takes
    /// it only onto the state it was read against.
    /// </summary>
    private async Task<EndpointSnapshot> ApplyConfigAsync(
        string name, CallerIdentity caller, ConfigWrite write, Func<ServingEndpoint, long, long, Task<EndpointConfig>> read, CancellationToken ct)
    {
        var owner = directory.OwnerOf(name) ?? throw NotFound(name);
        var refreshed = false;
        while (true)
        {
            // The owner takes the config only onto the state it was validated against; when that
            // state moved meanwhile (say, another update began), look again: that one now conflicts.
            var basis = owner.Snapshot ?? throw NotFound(name);
            Authorize(basis, caller, PermissionLevel.CanManage);
            var endpoint = basis.Endpoint;
            if (Refusal(endpoint, write) is { } refusal)
            {
                // Another replica may have ended that update a notification ago: look once at the store.
                if (!refreshed && await owner.RefreshAsync(basis, ct))
                {
                    refreshed = true;
                    continue;
                }

                throw refusal;
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var pending = gatewayRules.WithConfig(endpoint, await read(endpoint, endpoint.NextConfigVersion, now));
            if (await owner.TryUpdateConfigAsync(basis, pending, now, write, ct) is { } accepted)
            {
                return accepted;
            }
        }
    }

    /// <summary>Why a config may not be applied to <paramref name="endpoint"/> now (another version expected, an update in progress); null when it may.</summary>
    private static ServingException? Refusal(ServingEndpoint endpoint, ConfigWrite write)
    {
        try
        {
            write.CheckCurrent(endpoint);
        }
        catch (ServingException refused)
        {
            return refused;
        }

        return endpoint.ConfigUpdate == ConfigUpdateState.InProgress
            ? ServingException.Conflict(
                $"Endpoint {endpoint.Name} is already being updated to config version {endpoint.PendingConfig?.ConfigVersion}; wait until state.config_update is no longer IN_PROGRESS.")
            : null;
    }

    /// <summary>
    /// Replaces the endpoint's <c>ai_gateway</c> config (an empty body removes it); the data plane
    /// enforces it from the next query. Answers the stored config: the body, with a switched-off
    /// inference table keeping its names.
    /// </summary>
    public async Task<JsonObject> UpdateAiGatewayAsync(string name, JsonObject body, CallerIdentity caller, CancellationToken ct)
    {
        AiGatewayConfigReader.Read(body, "ai_gateway", name);
        var edited = await EditAsync(name, caller, current =>
            gatewayRules.WithGateway(current, body) with { LastUpdatedTimestamp = time.GetUtcNow().ToUnixTimeMilliseconds() }, ct);
        return edited.Endpoint.Extras["ai_gateway"]?.DeepClone().AsObject() ?? [];
    }

    /// <summary>
    /// The legacy <c>PUT …/rate-limits</c>: replaces the endpoint's legacy calls-per-minute rules
    /// (kept beside <c>ai_gateway.rate_limits</c>, enforced with them); an empty list removes them.
    /// Answers the stored list.
    /// </summary>
    public async Task<JsonArray> UpdateRateLimitsAsync(string name, JsonObject body, CallerIdentity caller, CancellationToken ct)
    {
        var rules = AiGatewayConfigReader.ReadLegacyRateLimits(body["rate_limits"], "rate_limits");
        var edited = await EditAsync(name, caller, current =>
        {
            var extras = current.Extras.DeepClone().AsObject();
            extras.Remove("rate_limits");
            if (rules.Count > 0)
            {
                extras["rate_limits"] = body["rate_limits"]!.DeepClone();
            }

            return current with { Extras = extras, LastUpdatedTimestamp = time.GetUtcNow().ToUnixTimeMilliseconds() };
        }, ct);
        return edited.Endpoint.Extras["rate_limits"]?.DeepClone().AsArray() ?? [];
    }

    /// <summary><c>PATCH …/tags</c>: adds and deletes tags; answers the whole list after the change.</summary>
    public async Task<JsonArray> UpdateTagsAsync(string name, JsonObject body, CallerIdentity caller, CancellationToken ct)
    {
        var edited = await EditAsync(name, caller, current =>
        {
            var extras = current.Extras.DeepClone().AsObject();
            extras["tags"] = EndpointTags.Patch(current.Extras["tags"], body);
            return current with { Extras = extras, LastUpdatedTimestamp = time.GetUtcNow().ToUnixTimeMilliseconds() };
        }, ct);
        return edited.Endpoint.Extras["tags"]!.DeepClone().AsArray();
    }

    public async Task DeleteAsync(string name, CallerIdentity caller, CancellationToken ct)
    {
        var owner = directory.OwnerOf(name) ?? throw NotFound(name);
        if (!await owner.DeleteAsync(current => Authorize(current, caller, PermissionLevel.CanManage), ct))
        {
            throw NotFound(name);
        }
    }

    /// <summary>The endpoint as it stands, when <paramref name="caller"/> holds at least <paramref name="needed"/> on it.</summary>
    public EndpointSnapshot Get(string name, CallerIdentity caller, PermissionLevel needed)
    {
        var endpoint = directory.TryGetSnapshot(name) ?? throw NotFound(name);
        Authorize(endpoint, caller, needed);
        return endpoint;
    }

    /// <summary>The endpoints <paramref name="caller"/> may view, in name order.</summary>
    public IReadOnlyList<EndpointSnapshot> List(CallerIdentity caller)
    {
        var visible = new List<EndpointSnapshot>();
        foreach (var endpoint in directory.List())
        {
            if (endpoint.Access.LevelFor(caller) >= PermissionLevel.CanView)
            {
                visible.Add(endpoint);
            }
        }

        return visible;
    }

    /// <summary>Refuses with PERMISSION_DENIED, naming the level needed, when the caller lacks it.</summary>
    public static void Authorize(EndpointSnapshot endpoint, CallerIdentity caller, PermissionLevel needed)
    {
        if (endpoint.Access.LevelFor(caller) < needed)
        {
            throw new ServingException(ErrorCode.PermissionDenied,
                $"{caller.Name} does not have {needed.ToWire()} permission on serving endpoint {endpoint.Name}.");
        }
    }

    /// <summary>Has the endpoint's owner store and publish <paramref name="edit"/>'s document, once the caller may manage it.</summary>
    private async Task<EndpointSnapshot> EditAsync(string name, CallerIdentity caller, Func<ServingEndpoint, ServingEndpoint> edit, CancellationToken ct)
    {
        var owner = directory.OwnerOf(name) ?? throw NotFound(name);
        return await owner.EditAsync(current =>
        {
            Authorize(current, caller, PermissionLevel.CanManage);
            return edit(current.Endpoint);
        }, caller.Name, ct) ?? throw NotFound(name);
    }

    /// <summary>The creator's CAN_MANAGE, kept as a direct grant so the ACL can name its kind of principal.</summary>
    private static AccessControlEntry CreatorEntry(CallerIdentity caller) => new(
        caller.Kind == PrincipalKind.ServicePrincipal ? AclPrincipalType.ServicePrincipal : AclPrincipalType.User,
        caller.Name, PermissionLevel.CanManage);

    private static ServingException NotFound(string name) => ServingException.NotFound($"Serving endpoint with name {name} not found");
}
