using System.Text.Json.Nodes;
using Switchyard.Core.Registry;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Provisioned-throughput foundation models: a registered GGUF version run by the local LLM
/// engine, sized by a tokens-per-second band whose bounds are multiples of the version's chunk.
/// </summary>
public sealed partial class EndpointConfigReader
{
    /// <summary>Sizing fields that belong to other kinds of entity.</summary>
    private static readonly string[] OtherSizingFields =
        ["workload_size", "min_provisioned_concurrency", "max_provisioned_concurrency", "provisioned_model_units"];

    private async Task<ServedEntityConfig?> ReadProvisionedThroughputAsync(JsonObject declared, string path, ReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        var before = errors.Count;
        var entityName = JsonFields.String(declared, "entity_name", path, errors);
        var entityVersion = JsonFields.StringOrInteger(declared, "entity_version", path, errors);
        var name = JsonFields.String(declared, "name", path, errors);
        var min = JsonFields.Integer(declared, "min_provisioned_throughput", path, errors) ?? 0;
        var max = JsonFields.Integer(declared, "max_provisioned_throughput", path, errors);
        var scaleToZero = JsonFields.Bool(declared, "scale_to_zero_enabled", path, errors) ?? false;
        foreach (var field in OtherSizingFields)
        {
            if (declared[field] is not null)
            {
                errors.Add($"{path}.{field} cannot be given with min/max_provisioned_throughput; a provisioned-throughput entity is sized in tokens per second.");
            }
        }

        if (string.IsNullOrEmpty(entityName))
        {
            errors.Add($"{path}.entity_name is required: the registered foundation model to serve, for example system.ai.mistral_7b_instruct_v0_1.");
        }

        if (string.IsNullOrEmpty(entityVersion))
        {
            errors.Add($"{path}.entity_version is required: a version number or an alias.");
        }

        if (max is null)
        {
            errors.Add($"{path}.max_provisioned_throughput is required: the most tokens per second the entity may serve.");
        }

        CheckServedName(name, path, errors);

        if (errors.Count > before)
        {
            return null;
        }

        var resolved = await ResolveVersionAsync(entityName!, entityVersion!, path, read, ct);
        if (resolved is null)
        {
            return null;
        }

        var version = resolved.Value.Version;
        if (!ThroughputChunks.IsFoundationModel(version))
        {
            errors.Add($"{path}.entity_name: version {version.Version} of '{resolved.Value.Model}' is a {version.Flavor} model; provisioned throughput serves GGUF foundation models (use workload_size for custom models).");
            return null;
        }

        var chunk = ThroughputChunks.ChunkSizeOf(version);
        CheckBand(min, max!.Value, chunk, path, errors);
        if (errors.Count > before)
        {
            return null;
        }

        name ??= $"{resolved.Value.Model.Name}-{entityVersion}";
        var normalised = declared.DeepClone().AsObject();
        normalised["name"] = name;
        normalised["entity_version"] = entityVersion;
        normalised["min_provisioned_throughput"] = min;
        normalised["scale_to_zero_enabled"] = scaleToZero;
        var band = new ThroughputBand((int)min, (int)max.Value, chunk);
        return new ServedEntityConfig(
            name, ServedEntityKind.ProvisionedThroughput, resolved.Value.Model.FullName, entityVersion!, version.Version,
            "", scaleToZero, read.Creator.Name, read.Now, normalised, Band: band);
    }

    private static void CheckBand(long min, long max, int chunk, string path, List<string> errors)
    {
        if (min < 0)
        {
            errors.Add($"{path}.min_provisioned_throughput is {min}; it must be 0 or more.");
        }

        if (max <= 0)
        {
            errors.Add($"{path}.max_provisioned_throughput is {max}; it must be more than 0.");
        }

        if (min > max)
        {
            errors.Add($"{path}.min_provisioned_throughput ({min}) is above max_provisioned_throughput ({max}).");
        }

        if (max > ThroughputChunks.MaxTokensPerSecond)
        {
            errors.Add($"{path}.max_provisioned_throughput is {max}; at most {ThroughputChunks.MaxTokensPerSecond} tokens per second are allowed.");
        }

        foreach (var (field, value) in new[] { ("min_provisioned_throughput", min), ("max_provisioned_throughput", max) })
        {
            if (value % chunk != 0)
            {
                var lower = value / chunk * chunk;
                errors.Add($"{path}.{field} is {value}; it must be a multiple of the model's throughput chunk of {chunk} tokens per second (for example {lower} or {lower + chunk}).");
            }
        }
    }
}
