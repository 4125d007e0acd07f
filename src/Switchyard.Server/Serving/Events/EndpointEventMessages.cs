using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Serving.Events;

/// <summary>
/// The sentences of an endpoint's timeline. A served entity is named by its registry model and
/// version, or an external model by provider and model id: never by its provider config, which
/// holds key references.
/// </summary>
public static class EndpointEventMessages
{
    public static string Created(ServingEndpoint endpoint) =>
        endpoint.PendingConfig is null ? $"Endpoint created by {endpoint.Creator}, without a config." : $"Endpoint created by {endpoint.Creator}.";

    /// <param name="before">The config_update state the new config's rollout leaves.</param>
    public static string ConfigCreated(EndpointConfig config, ConfigUpdateState before, string actor)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Config version {config.ConfigVersion} created by {actor}: "));
        text.Append(config.ServedEntities.Count == 1 ? "served entity " : "served entities ");
        text.AppendJoin(", ", config.ServedEntities.Select(Describe));
        if (config.Routes.Count > 0)
        {
            text.Append("; traffic ").AppendJoin(", ", config.Routes.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.ServedModelName} {r.BasisPoints / 100.0:0.##}%")));
        }

        return text.Append(CultureInfo.InvariantCulture, $". Rolling it out (config_update {Wire(before)} → IN_PROGRESS).").ToString();
    }

    public static string Served(long configVersion) =>
        string.Create(CultureInfo.InvariantCulture, $"config_update IN_PROGRESS → NOT_UPDATING: config version {configVersion} now serves.");

    public static string Failed(long configVersion, string failure) =>
        string.Create(CultureInfo.InvariantCulture, $"config_update IN_PROGRESS → UPDATE_FAILED: config version {configVersion} was not deployed. {failure}");

    /// <summary>A change of <c>state.ready</c>: with the entities that are not deployed, and why, when it goes NOT_READY.</summary>
    public static string Readiness(EndpointSnapshot snapshot, bool ready)
    {
        var version = snapshot.Live?.ConfigVersion;
        if (ready)
        {
            return string.Create(CultureInfo.InvariantCulture, $"ready NOT_READY → READY: every served entity of config version {version} is deployed.");
        }

        var why = (snapshot.Live?.Entities ?? []).Where(e => e.State != DeploymentState.Ready).Select(e => $"served entity '{e.Name}' is {e.State.ToWire()}: {e.StateMessage}");
        return $"ready READY → NOT_READY: {string.Join("; ", why)}";
    }

    public static string Restored(long configVersion) => string.Create(CultureInfo.InvariantCulture,
        $"ready NOT_READY: the server started; config version {configVersion} serves once its served entities have loaded.");

    public static string ScaledToZero(string servedName, TimeSpan idle) =>
        string.Create(CultureInfo.InvariantCulture, $"Served entity '{servedName}' scaled to zero: no request for {idle:c}. The next request loads it again.");

    public static string Woken(string servedName, TimeSpan took) =>
        string.Create(CultureInfo.InvariantCulture, $"Served entity '{servedName}' woke up: a request loaded its model again in {took.TotalMilliseconds:0} ms.");

    public static string WakeFailed(string servedName, string reason) =>
        $"Served entity '{servedName}' could not be loaded again: {reason}";

    /// <summary>What changed between two ACLs, grant by grant; null when nothing did.</summary>
    public static string? Permissions(IReadOnlyList<AccessControlEntry> before, IReadOnlyList<AccessControlEntry> after, string actor)
    {
        var changes = new List<string>();
        foreach (var entry in after)
        {
            var old = before.FirstOrDefault(e => SamePrincipal(e, entry));
            if (old is null)
            {
                changes.Add($"granted {entry.Level.ToWire()} to {Principal(entry)}");
            }
            else if (old.Level != entry.Level)
            {
                changes.Add($"changed {Principal(entry)} from {old.Level.ToWire()} to {entry.Level.ToWire()}");
            }
        }

        foreach (var entry in before.Where(e => !after.Any(a => SamePrincipal(a, e))))
        {
            changes.Add($"removed {entry.Level.ToWire()} of {Principal(entry)}");
        }

        return changes.Count == 0 ? null : $"Permissions changed by {actor}: {string.Join("; ", changes)}.";
    }

    /// <summary>What changed between two tag lists, key by key; null when nothing did.</summary>
    public static string? Tags(JsonNode? before, JsonNode? after, string actor)
    {
        var old = TagMap(before);
        var now = TagMap(after);
        var changes = new List<string>();
        foreach (var (key, value) in now)
        {
            if (!old.TryGetValue(key, out var was))
            {
                changes.Add($"added {Tag(key, value)}");
            }
            else if (was != value)
            {
                changes.Add($"changed {key} from {was ?? "(no value)"} to {value ?? "(no value)"}");
            }
        }

        changes.AddRange(old.Keys.Where(key => !now.ContainsKey(key)).Select(key => $"removed {key}"));
        return changes.Count == 0 ? null : $"Tags changed by {actor}: {string.Join("; ", changes)}.";
    }

    /// <summary>
    /// Which parts of the gateway settings (<c>ai_gateway</c>'s fields, and the legacy
    /// <c>rate_limits</c>) were set, changed or removed; null when none was. Values are not repeated:
    /// the endpoint's GET shows them.
    /// </summary>
    public static string? Gateway(JsonObject before, JsonObject after, string actor)
    {
        var changes = new List<string>();
        var oldGateway = before["ai_gateway"] as JsonObject;
        var newGateway = after["ai_gateway"] as JsonObject;
        foreach (var field in (oldGateway ?? []).Select(p => p.Key).Union((newGateway ?? []).Select(p => p.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var change = Compare(oldGateway?[field], newGateway?[field]);
            if (change is not null)
            {
                changes.Add($"ai_gateway.{field} {change}");
            }
        }

        if (Compare(before["rate_limits"], after["rate_limits"]) is { } legacy)
        {
            changes.Add($"rate_limits (legacy) {legacy}");
        }

        return changes.Count == 0 ? null : $"AI gateway changed by {actor}: {string.Join(", ", changes)}.";
    }

    private static string Wire(ConfigUpdateState state) => state switch
    {
        ConfigUpdateState.InProgress => "IN_PROGRESS",
        ConfigUpdateState.UpdateFailed => "UPDATE_FAILED",
        _ => "NOT_UPDATING",
    };

    private static string? Compare(JsonNode? before, JsonNode? after) =>
        JsonNode.DeepEquals(before, after) ? null
        : before is null ? "set"
        : after is null ? "removed"
        : "changed";

    private static string Describe(ServedEntityConfig entity) => entity.External is { } external
        ? $"{entity.Name} (external model {external.Name} of {external.Provider})"
        : string.Create(CultureInfo.InvariantCulture, $"{entity.Name} ({entity.EntityName} version {entity.ResolvedVersion})");

    private static string Principal(AccessControlEntry entry) => entry.PrincipalType switch
    {
        AclPrincipalType.Group => $"group {entry.PrincipalName}",
        AclPrincipalType.ServicePrincipal => $"service principal {entry.PrincipalName}",
        _ => $"user {entry.PrincipalName}",
    };

    private static bool SamePrincipal(AccessControlEntry a, AccessControlEntry b) =>
        a.PrincipalType == b.PrincipalType && a.PrincipalName == b.PrincipalName;

    private static SortedDictionary<string, string?> TagMap(JsonNode? tags)
    {
        var map = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags as JsonArray ?? [])
        {
            if (tag?["key"] is JsonValue key && key.GetValueKind() == JsonValueKind.String)
            {
                map[key.GetValue<string>()] = tag["value"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            }
        }

        return map;
    }

    private static string Tag(string key, string? value) => value is null ? key : $"{key}={value}";
}
