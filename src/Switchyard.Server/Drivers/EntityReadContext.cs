using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Core.Secrets;

namespace Switchyard.Server.Drivers;

/// <summary>
/// What reading one endpoint config carries to each driver: who creates the config and when, the
/// problems found so far (every one is reported together), the refusals, the configs before it,
/// and the checks every kind shares (registry versions, secret references, names, workload type).
/// </summary>
public sealed partial class EntityReadContext(
    CallerIdentity creator, long now, EndpointConfig? previous, EndpointConfig? pending,
    IRegistryStore registry, IModelAccessPolicy access, ISecretResolver secrets, ProviderKeySealer keys)
{
    /// <summary>The CPU types of the hosted service; here all three run the same way, on this host's CPU.</summary>
    private static readonly string[] CpuWorkloadTypes = ["CPU", "CPU_MEDIUM", "CPU_LARGE"];

    public CallerIdentity Creator => creator;

    public long Now => now;

    /// <summary>Problems with the config, each naming its field (INVALID_PARAMETER_VALUE).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Models the creator may not serve (PERMISSION_DENIED, which wins over the problems).</summary>
    public List<string> Denied { get; } = [];

    /// <summary>Seals literal provider keys as they are read.</summary>
    public ProviderKeySealer Keys => keys;

    /// <summary>The entity of that name in the serving config, else in the last unapplied one.</summary>
    public ServedEntityConfig? Earlier(string servedName) => previous?.Find(servedName) ?? pending?.Find(servedName);

    /// <summary>
    /// The registered version an entity names (a number, or an alias: our extension), when it
    /// exists and the creator may serve it; otherwise records why and answers null.
    /// </summary>
    public async Task<(ModelName Model, ModelVersion Version)?> ResolveVersionAsync(
        string entityName, string entityVersion, string path, CancellationToken ct)
    {
        ModelName model;
        try
        {
            model = ModelName.Parse(entityName, $"{path}.entity_name");
        }
        catch (ServingException error)
        {
            Errors.Add(error.Message);
            return null;
        }

        var registered = await registry.GetModelAsync(model, ct);
        if (registered is null)
        {
            Errors.Add($"{path}.entity_name: registered model '{model}' does not exist.");
            return null;
        }

        if (!await access.CanReadAsync(registered, creator, ct))
        {
            Denied.Add($"{path}.entity_name: {creator.Name} may not serve registered model '{model}' (EXECUTE is needed).");
            return null;
        }

        var version = int.TryParse(entityVersion, out var number)
            ? await registry.GetVersionAsync(model, number, ct)
            : await registry.GetVersionByAliasAsync(model, entityVersion, ct);
        if (version is null)
        {
            Errors.Add($"{path}.entity_version: model '{model}' has no version or alias '{entityVersion}'.");
            return null;
        }

        return (model, version);
    }

    /// <summary>Checks every secret reference among a block's string values, nested blocks included (literal keys aside).</summary>
    public async Task CheckSecretReferencesAsync(JsonObject block, string path, CancellationToken ct)
    {
        foreach (var (key, value) in block)
        {
            if (value is JsonObject inner)
            {
                await CheckSecretReferencesAsync(inner, $"{path}.{key}", ct);
            }
            else if (value?.GetValueKind() == JsonValueKind.String && !ProviderKeySealer.IsPlaintextField(key))
            {
                await CheckSecretAsync(value.GetValue<string>(), $"{path}.{key}", ct);
            }
        }
    }

    /// <summary>
    /// A value that is a secret reference must name a secret the config's creator may read, since
    /// the config is resolved with the creator's rights.
    /// </summary>
    public async Task CheckSecretAsync(string text, string fieldPath, CancellationToken ct)
    {
        if (SecretReference.TryParse(text, out var reference))
        {
            if (await secrets.CheckAsync(reference, creator, ct) is { } problem)
            {
                Errors.Add($"{fieldPath}: {problem}.");
            }
        }
        else if (SecretReference.LooksLikeReference(text))
        {
            Errors.Add($"{fieldPath} is not a valid secret reference; write {{{{secrets/<scope>/<key>}}}}.");
        }
    }

    /// <summary>A served entity's name, given or defaulted: unique per endpoint, and only these characters.</summary>
    public void CheckServedName(string? name, string path)
    {
        if (name is not null && !ServedNamePattern().IsMatch(name))
        {
            Errors.Add($"{path}.name '{name}' must be 1-63 letters, digits, '-' or '_'.");
        }
    }

    /// <summary>
    /// <c>workload_type</c>: this server runs every model on the host's CPU, so it takes the CPU
    /// types and refuses the GPU ones, rather than accept them and silently run on CPU anyway.
    /// </summary>
    public void CheckWorkloadType(JsonObject declared, string path)
    {
        var type = JsonFields.String(declared, "workload_type", path, Errors);
        if (type is null || CpuWorkloadTypes.Contains(type, StringComparer.Ordinal))
        {
            return;
        }

        Errors.Add(type.Contains("GPU", StringComparison.OrdinalIgnoreCase)
            ? $"{path}.workload_type '{type}' asks for GPU compute, but this server runs models on CPU only; use CPU or leave workload_type out."
            : $"{path}.workload_type '{type}' is not a workload type this server knows; it runs models on CPU only, so use CPU or leave workload_type out.");
    }

    /// <summary>
    /// <c>burst_scaling_enabled</c>: burst scaling serves above the provisioned rate on extra
    /// replicas; one host has none, so asking for it is refused rather than stored and ignored.
    /// Left out (or false), it is off here (the hosted service turns it on by default).
    /// </summary>
    public void CheckBurstScaling(JsonObject declared, string path)
    {
        if (JsonFields.Bool(declared, "burst_scaling_enabled", path, Errors) == true)
        {
            Errors.Add($"{path}.burst_scaling_enabled: this server cannot burst above the provisioned rate (it has no extra replicas to add); send false or leave it out, and size the entity for its peak.");
        }
    }

    /// <summary>
    /// <c>instance_profile_arn</c>: the AWS instance profile the hosted service attaches to the
    /// entity's containers. This server runs on no AWS instance and attaches nothing, so a value is
    /// refused rather than stored and ignored (an external model's keys go in its provider block).
    /// </summary>
    public void CheckInstanceProfile(JsonObject declared, string path)
    {
        if (declared["instance_profile_arn"] is not null)
        {
            Errors.Add($"{path}.instance_profile_arn is not supported: this server runs on no AWS instance and has no instance profile to attach; leave it out.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,63}$")]
    private static partial Regex ServedNamePattern();
}
