using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Core.Secrets;
using Switchyard.Server.Drivers;
using Switchyard.Server.Drivers.CustomModels;
using Switchyard.Server.Gateway.Config;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// Turns a requested config (the <c>config</c> of a create, or the body of <c>PUT …/config</c>)
/// into a validated <see cref="EndpointConfig"/>. Each served entity is read by the driver of its
/// kind; this reader checks what spans them (count, names, one kind per endpoint, the traffic
/// split). Every problem is collected and reported in one INVALID_PARAMETER_VALUE naming each
/// field, and nothing is applied when there is any. The config's creator must be allowed to
/// serve every model it names (PERMISSION_DENIED otherwise).
/// </summary>
public sealed class EndpointConfigReader(
    EntityDrivers drivers, IRegistryStore registry, IModelAccessPolicy access, ISecretResolver secrets, ProviderKeySealer keys)
{
    /// <summary>The real service's limit (databricks-sdk-py#1496).</summary>
    public const int MaxServedEntities = 15;

    /// <param name="previous">The config serving now: entities that run the same keep their identity.</param>
    /// <param name="pending">The config of the last update when it did not apply: its keys may be carried over too.</param>
    public async Task<EndpointConfig> ReadAsync(
        JsonObject request, long configVersion, CallerIdentity creator, long now, EndpointConfig? previous, CancellationToken ct,
        EndpointConfig? pending = null)
    {
        var read = new EntityReadContext(creator, now, previous, pending, registry, access, secrets, keys);
        var errors = read.Errors;
        RefuseUnknownFields(request, errors);
        var failed = new FailedEntities();
        var entities = await ReadEntitiesAsync(request, read, previous, failed, ct);
        if (read.Denied.Count > 0)
        {
            throw new ServingException(ErrorCode.PermissionDenied, string.Join(" ", read.Denied));
        }

        // A route to an entity that failed is not a second problem: only the entity's own is reported.
        var routes = TrafficConfigReader.Read(request, entities, errors, failed);
        var sticky = StickyAssignmentReader.Read(request, errors);
        var segments = TrafficSegmentReader.Read(request, entities, errors, failed);
        var autoCapture = AiGatewayConfigReader.CheckAutoCapture(request["auto_capture_config"], "config.auto_capture_config", errors);

        if (errors.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", errors));
        }

        // Each route owns buckets derived from what the serving config's routes own, so a ramp keeps its units.
        return new EndpointConfig(configVersion, entities, BucketAllocation.Allocate(routes, previous?.Routes), autoCapture)
        {
            Sticky = sticky,
            Segments = [.. segments.Select(s => s with { Routes = BucketAllocation.Allocate(s.Routes, previous?.Segments.FirstOrDefault(p => p.Name == s.Name)?.Routes) })],
        };
    }

    /// <summary>
    /// The fields of EndpointCoreConfigInput (and ours, <c>reason</c>, taken off before this reader);
    /// <c>name</c> because the SDK sends it inside a create's config (the endpoint's name is the
    /// outer one). Anything else would be stored and do nothing, so it is refused.
    /// </summary>
    private static readonly string[] ConfigFields = ["name", "served_entities", "served_models", "traffic_config", "auto_capture_config"];

    private static readonly string[] TrafficFields = ["routes", "sticky", "segments"];

    private static void RefuseUnknownFields(JsonObject request, List<string> errors)
    {
        foreach (var (field, _) in request)
        {
            if (Array.IndexOf(ConfigFields, field) < 0)
            {
                errors.Add($"config.{field} is not a field of an endpoint config; it takes {string.Join(", ", ConfigFields.Skip(1))}.");
            }
        }

        if (request["traffic_config"] is JsonObject traffic)
        {
            foreach (var (field, _) in traffic)
            {
                if (Array.IndexOf(TrafficFields, field) < 0)
                {
                    errors.Add($"traffic_config.{field} is not a field of traffic_config; it takes {string.Join(", ", TrafficFields)}.");
                }
            }
        }
    }

    private async Task<List<ServedEntityConfig>> ReadEntitiesAsync(
        JsonObject request, EntityReadContext read, EndpointConfig? previous, FailedEntities failed, CancellationToken ct)
    {
        var errors = read.Errors;
        var entities = new List<ServedEntityConfig>();
        var (list, listName) = request["served_models"] is not null && request["served_entities"] is null
            ? (JsonFields.Array(request, "served_models", "config", errors), "served_models")
            : (JsonFields.Array(request, "served_entities", "config", errors), "served_entities");
        if (request["served_models"] is not null && request["served_entities"] is not null)
        {
            errors.Add("config: give served_entities or the legacy served_models, not both.");
        }

        if (list is null || list.Count == 0)
        {
            errors.Add($"config.{listName} must list at least one served entity.");
            return entities;
        }

        if (list.Count > MaxServedEntities)
        {
            errors.Add($"config.{listName} lists {list.Count} served entities; at most {MaxServedEntities} are allowed.");
        }

        var kinds = new List<IEntityDriver>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var shadows = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{listName}[{i}]";
            if (list[i] is not JsonObject declared)
            {
                errors.Add($"{path} must be a JSON object.");
                failed.Add(null);
                continue;
            }

            // Every kind may be a shadow: its role is checked here, once, not by each driver.
            shadows += ServedEntityRole.Read(declared, path, errors) is null ? 0 : 1;
            var driver = drivers.Claiming(declared);
            if (!kinds.Contains(driver))
            {
                kinds.Add(driver);
            }

            if (declared[DynamicBatching.Field] is not null && driver is not CustomModelDriver)
            {
                // Only a custom model's runs take stacked rows; anything else would store the field and ignore it.
                errors.Add($"{path}.{DynamicBatching.Field} is for custom models only; this entity is served by the {driver.Description} driver, which does not batch queries. Leave it out.");
            }

            var entity = await driver.ReadAsync(declared, path, read, ct);
            if (entity is null)
            {
                failed.Add(declared["name"] is JsonValue name && name.TryGetValue<string>(out var given) ? given : null);
                continue;
            }

            if (!names.Add(entity.Name))
            {
                errors.Add($"{path}.name '{entity.Name}' is used by another served entity; served entity names must be unique.");
                continue;
            }

            // An entity that runs the same thing as before keeps its identity (and is not reloaded).
            var before = previous?.Find(entity.Name);
            entities.Add(before is not null && before.RunsSameAs(entity)
                ? entity with { Creator = before.Creator, CreationTimestamp = before.CreationTimestamp }
                : entity);
        }

        if (shadows > 0 && shadows == list.Count)
        {
            errors.Add($"config.{listName}: every served entity is a shadow; an endpoint needs at least one primary (role \"primary\" or no role) to answer its queries.");
        }

        if (kinds.Count > 1)
        {
            errors.Add($"config.{listName} mixes kinds of served entity ({string.Join(", ", kinds.Select(k => k.Description))}); an endpoint serves one kind only.");
        }
        else if (kinds.Count == 1)
        {
            CheckKindKept(previous, kinds[0], listName, errors);
            kinds[0].CheckTogether(entities, listName, errors);
        }

        return entities;
    }

    /// <summary>An endpoint of a kind that keeps its kind (external models) never changes kind, in either direction.</summary>
    private void CheckKindKept(EndpointConfig? previous, IEntityDriver next, string listName, List<string> errors)
    {
        if (previous is not { ServedEntities: [var first, ..] } || first.Kind == next.Kind)
        {
            return;
        }

        var before = drivers.For(first);
        if (before.EndpointKeepsKind)
        {
            errors.Add($"config.{listName}: this endpoint serves {before.Description} and cannot stop; create another endpoint for other kinds.");
        }
        else if (next.EndpointKeepsKind)
        {
            errors.Add($"config.{listName}: this endpoint was created without {next.Description} and cannot take them; create another endpoint for them.");
        }
    }
}
