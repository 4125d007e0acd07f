using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Llm;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Core.Secrets;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Turns a requested config (the <c>config</c> of a create, or the body of <c>PUT …/config</c>)
/// into a validated <see cref="EndpointConfig"/>. Every problem is collected and reported in one
/// INVALID_PARAMETER_VALUE naming each field, and nothing is applied when there is any. The
/// config's creator must be allowed to serve every model it names (PERMISSION_DENIED otherwise).
/// </summary>
public sealed partial class EndpointConfigReader(
    IRegistryStore registry, IModelAccessPolicy access, ISecretResolver secrets, ProviderKeySealer keys)
{
    /// <summary>The real service's limit (databricks-sdk-py#1496).</summary>
    public const int MaxServedEntities = 15;

    private const int MaxEnvironmentVariables = 30;

    /// <param name="previous">The config serving now: entities that run the same keep their identity.</param>
    /// <param name="pending">The config of the last update when it did not apply: its keys may be carried over too.</param>
    public async Task<EndpointConfig> ReadAsync(
        JsonObject request, long configVersion, CallerIdentity creator, long now, EndpointConfig? previous, CancellationToken ct,
        EndpointConfig? pending = null)
    {
        var errors = new List<string>();
        var read = new ReadContext(creator, now, errors, [], previous, pending);
        var entities = await ReadEntitiesAsync(request, read, previous, ct);
        if (read.Denied.Count > 0)
        {
            throw new ServingException(ErrorCode.PermissionDenied, string.Join(" ", read.Denied));
        }

        var routes = TrafficConfigReader.Read(request, entities, errors);
        var autoCapture = JsonFields.Object(request, "auto_capture_config", "config", errors);
        if (autoCapture is { Count: > 0 } && autoCapture["enabled"]?.GetValueKind() != System.Text.Json.JsonValueKind.False)
        {
            // Inference tables are not written yet: refused rather than stored and silently ignored.
            errors.Add("config.auto_capture_config is not supported by this server yet (no inference table would be written); leave it out or set enabled: false.");
        }
        if (errors.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", errors));
        }

        return new EndpointConfig(configVersion, entities, routes, autoCapture?.DeepClone().AsObject());
    }

    /// <summary>What one read carries along: who creates the config, when, the problems found, and the configs before it.</summary>
    private sealed record ReadContext(
        CallerIdentity Creator, long Now, List<string> Errors, List<string> Denied, EndpointConfig? Previous, EndpointConfig? Pending)
    {
        /// <summary>The entity of that name in the serving config, else in the last unapplied one.</summary>
        public ServedEntityConfig? Earlier(string servedName) => Previous?.Find(servedName) ?? Pending?.Find(servedName);
    }

    private async Task<List<ServedEntityConfig>> ReadEntitiesAsync(
        JsonObject request, ReadContext read, EndpointConfig? previous, CancellationToken ct)
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

        var kinds = new HashSet<ServedEntityKind>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{listName}[{i}]";
            if (list[i] is not JsonObject declared)
            {
                errors.Add($"{path} must be a JSON object.");
                continue;
            }

            var kind = KindOf(declared);
            kinds.Add(kind);
            var entity = await ReadEntityAsync(declared, path, listName == "served_models", kind, read, ct);
            if (entity is null)
            {
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

        if (kinds.Count > 1)
        {
            errors.Add($"config.{listName} mixes kinds of served entity ({string.Join(", ", kinds.Select(Describe))}); an endpoint serves one kind only.");
        }

        var wasExternal = previous?.ServedEntities.Any(e => e.Kind == ServedEntityKind.ExternalModel);
        if (wasExternal is { } external && kinds.Count == 1 && external != kinds.Contains(ServedEntityKind.ExternalModel))
        {
            errors.Add(external
                ? $"config.{listName}: this endpoint serves external models and cannot stop; create another endpoint for other kinds."
                : $"config.{listName}: this endpoint was created without external models and cannot take them; create another endpoint for them.");
        }

        var tasks = entities.Where(e => e.External is not null).Select(e => e.External!.Task).Distinct().ToList();
        if (tasks.Count > 1)
        {
            errors.Add($"config.{listName} mixes external model tasks ({string.Join(", ", tasks.Select(LlmTaskNames.ToWire))}); the external models of an endpoint share one task.");
        }

        return entities;
    }

    private Task<ServedEntityConfig?> ReadEntityAsync(
        JsonObject declared, string path, bool legacy, ServedEntityKind kind, ReadContext read, CancellationToken ct) => kind switch
        {
            ServedEntityKind.ExternalModel => ReadExternalModelAsync(declared, path, read, ct),
            ServedEntityKind.ProvisionedThroughput => ReadProvisionedThroughputAsync(declared, path, read, ct),
            _ => ReadCustomModelAsync(declared, path, legacy, read, ct),
        };

    private async Task<(ModelName Model, ModelVersion Version)?> ResolveVersionAsync(
        string entityName, string entityVersion, string path, ReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        ModelName model;
        try
        {
            model = ModelName.Parse(entityName, $"{path}.entity_name");
        }
        catch (ServingException error)
        {
            errors.Add(error.Message);
            return null;
        }

        var registered = await registry.GetModelAsync(model, ct);
        if (registered is null)
        {
            errors.Add($"{path}.entity_name: registered model '{model}' does not exist.");
            return null;
        }

        if (!await access.CanReadAsync(registered, read.Creator, ct))
        {
            read.Denied.Add($"{path}.entity_name: {read.Creator.Name} may not serve registered model '{model}' (EXECUTE is needed).");
            return null;
        }

        // A number names a version; anything else is read as an alias (our extension).
        var version = int.TryParse(entityVersion, out var number)
            ? await registry.GetVersionAsync(model, number, ct)
            : await registry.GetVersionByAliasAsync(model, entityVersion, ct);
        if (version is null)
        {
            errors.Add($"{path}.entity_version: model '{model}' has no version or alias '{entityVersion}'.");
            return null;
        }

        return (model, version);
    }

    /// <summary>
    /// Values are strings; a secret reference must name a secret that the config's creator may
    /// read, since the config is resolved with the creator's rights.
    /// </summary>
    private async Task CheckEnvironmentVariablesAsync(JsonObject declared, string path, ReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        var variables = JsonFields.Object(declared, "environment_vars", path, errors);
        if (variables is null)
        {
            return;
        }

        if (variables.Count > MaxEnvironmentVariables)
        {
            errors.Add($"{path}.environment_vars has {variables.Count} entries; at most {MaxEnvironmentVariables} are allowed.");
        }

        foreach (var (key, value) in variables)
        {
            if (value?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                errors.Add($"{path}.environment_vars.{key} must be a string.");
                continue;
            }

            await CheckSecretAsync(value.GetValue<string>(), $"{path}.environment_vars.{key}", read, ct);
        }
    }

    /// <summary>Checks every secret reference among a provider config's string values, nested blocks included.</summary>
    private async Task CheckSecretReferencesAsync(JsonObject block, string path, ReadContext read, CancellationToken ct)
    {
        foreach (var (key, value) in block)
        {
            if (value is JsonObject inner)
            {
                await CheckSecretReferencesAsync(inner, $"{path}.{key}", read, ct);
            }
            else if (value?.GetValueKind() == System.Text.Json.JsonValueKind.String && !ProviderKeySealer.IsPlaintextField(key))
            {
                await CheckSecretAsync(value.GetValue<string>(), $"{path}.{key}", read, ct);
            }
        }
    }

    /// <summary>
    /// A value that is a secret reference must name a secret the config's creator may read, since
    /// the config is resolved with the creator's rights.
    /// </summary>
    private async Task CheckSecretAsync(string text, string fieldPath, ReadContext read, CancellationToken ct)
    {
        if (SecretReference.TryParse(text, out var reference))
        {
            if (await secrets.CheckAsync(reference, read.Creator, ct) is { } problem)
            {
                read.Errors.Add($"{fieldPath}: {problem}.");
            }
        }
        else if (SecretReference.LooksLikeReference(text))
        {
            read.Errors.Add($"{fieldPath} is not a valid secret reference; write {{{{secrets/<scope>/<key>}}}}.");
        }
    }

    private static ServedEntityKind KindOf(JsonObject declared) =>
        declared["external_model"] is not null ? ServedEntityKind.ExternalModel
        : declared["min_provisioned_throughput"] is not null || declared["max_provisioned_throughput"] is not null
          || declared["provisioned_model_units"] is not null ? ServedEntityKind.ProvisionedThroughput
        : ServedEntityKind.CustomModel;

    private static string Describe(ServedEntityKind kind) => kind switch
    {
        ServedEntityKind.ExternalModel => "external models",
        ServedEntityKind.ProvisionedThroughput => "provisioned-throughput foundation models",
        _ => "custom models",
    };

    /// <summary>A served entity's name, given or defaulted: unique per endpoint, and only these characters.</summary>
    private static void CheckServedName(string? name, string path, List<string> errors)
    {
        if (name is not null && !ServedNamePattern().IsMatch(name))
        {
            errors.Add($"{path}.name '{name}' must be 1-63 letters, digits, '-' or '_'.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,63}$")]
    private static partial Regex ServedNamePattern();
}
