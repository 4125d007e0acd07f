using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;
using Switchyard.Server.Http;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// <c>GET …/serving-endpoints/{name}/served-models/{served}/build-logs</c> and <c>…/logs</c>
/// (the SDK's <c>build_logs</c> and <c>logs</c>): <c>{"logs": "…"}</c>, one timestamped line per
/// event. Build logs prefer the entity of the config being rolled out (or that failed), since
/// that is the one being built; runtime logs prefer the live one, which takes the traffic. Both
/// need CAN_VIEW, as reading the endpoint does: the lines carry no secret and no request body.
/// </summary>
public static class ServedEntityLogRoutes
{
    public static RouteGroupBuilder MapServedEntityLogs(this RouteGroupBuilder group)
    {
        group.MapGet("/{name}/served-models/{served}/build-logs", BuildLogs);
        group.MapGet("/{name}/served-models/{served}/logs", Logs);
        return group;
    }

    private static IResult BuildLogs(string name, string served, HttpContext context, EndpointService service)
    {
        var snapshot = service.Get(name, Caller.Of(context), PermissionLevel.CanView);
        var entity = PendingEntity(snapshot, served) ?? snapshot.Live?.Find(served);
        return Answer(entity?.BuildLog.Render() ?? NotBuiltYet(snapshot.Endpoint, served));
    }

    private static IResult Logs(string name, string served, HttpContext context, EndpointService service)
    {
        var snapshot = service.Get(name, Caller.Of(context), PermissionLevel.CanView);
        var entity = snapshot.Live?.Find(served) ?? PendingEntity(snapshot, served);
        if (entity is null)
        {
            RequireKnown(snapshot.Endpoint, served);
            return Answer("");
        }

        return Answer(entity.Log.Render());
    }

    /// <summary>The entity of the pending (or failed) config's rollout, when that rollout is the pending config's.</summary>
    private static ServedEntity? PendingEntity(EndpointSnapshot snapshot, string served) =>
        snapshot.Rollout is { } rollout && snapshot.Endpoint.PendingConfig?.ConfigVersion == rollout.ConfigVersion
            ? rollout.Find(served)
            : null;

    /// <summary>
    /// A served name of the stored configs with no entity in memory: a rollout that failed before
    /// its entities existed (or before a restart), or one that has not started building yet.
    /// </summary>
    private static string NotBuiltYet(ServingEndpoint endpoint, string served)
    {
        RequireKnown(endpoint, served);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(endpoint.LastUpdatedTimestamp).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return endpoint.PendingConfig?.Find(served) is not null && endpoint.ConfigUpdate == ConfigUpdateState.UpdateFailed
            ? $"{at} Config version {endpoint.PendingConfig.ConfigVersion} was not deployed (UPDATE_FAILED): {endpoint.UpdateFailure}\n"
            : $"{at} Not built yet: the served entity is waiting to load.\n";
    }

    private static void RequireKnown(ServingEndpoint endpoint, string served)
    {
        if (endpoint.PendingConfig?.Find(served) is null && endpoint.Config?.Find(served) is null)
        {
            throw ServingException.NotFound($"Served model {served} does not exist in serving endpoint {endpoint.Name}.");
        }
    }

    private static IResult Answer(string logs) => EndpointRoutes.Json(new JsonObject { ["logs"] = logs });
}
