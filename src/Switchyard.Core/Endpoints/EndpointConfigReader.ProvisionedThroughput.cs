using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Provisioned-throughput foundation models: a registered GGUF version run by the local LLM
/// engine, sized by a tokens-per-second band whose bounds are multiples of the version's chunk,
/// or by <c>provisioned_model_units</c>, which <see cref="ModelUnits"/> maps onto such a band.
/// </summary>
public sealed partial class EndpointConfigReader
{
    private const string ModelUnitsField = "provisioned_model_units";

    /// <summary>Sizing fields of custom models, refused on a provisioned-throughput entity whichever way it is sized.</summary>
    private static readonly string[] CustomSizingFields =
        ["workload_size", "min_provisioned_concurrency", "max_provisioned_concurrency"];

    private async Task<ServedEntityConfig?> ReadProvisionedThroughputAsync(JsonObject declared, string path, ReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        var before = errors.Count;
        var entityName = JsonFields.String(declared, "entity_name", path, errors);
        var entityVersion = JsonFields.StringOrInteger(declared, "entity_version", path, errors);
        var name = JsonFields.String(declared, "name", path, errors);
        var scaleToZero = JsonFields.Bool(declared, "scale_to_zero_enabled", path, errors) ?? false;
        var byUnits = declared[ModelUnitsField] is not null;
        var units = byUnits ? JsonFields.Integer(declared, ModelUnitsField, path, errors) : null;
        var min = byUnits ? 0 : JsonFields.Integer(declared, "min_provisioned_throughput", path, errors) ?? 0;
        var max = byUnits ? null : JsonFields.Integer(declared, "max_provisioned_throughput", path, errors);
        CheckSizingFields(declared, path, byUnits, errors);
        CheckBurstScaling(declared, path, errors);
        CheckWorkloadType(declared, path, errors);

        if (string.IsNullOrEmpty(entityName))
        {
            errors.Add($"{path}.entity_name is required: the registered foundation model to serve, for example system.ai.mistral_7b_instruct_v0_1.");
        }

        if (string.IsNullOrEmpty(entityVersion))
        {
            errors.Add($"{path}.entity_version is required: a version number or an alias.");
        }

        if (!byUnits && max is null)
        {
            errors.Add($"{path}.max_provisioned_throughput is required: the most tokens per second the entity may serve.");
        }

        if (units < ModelUnits.MinUnits)
        {
            errors.Add($"{path}.{ModelUnitsField} is {units}; it must be {ModelUnits.MinUnits} or more (scale_to_zero_enabled lets an idle entity unload).");
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
        if (byUnits)
        {
            CheckUnits(units!.Value, chunk, path, errors);
        }
        else
        {
            CheckBand(min, max!.Value, chunk, path, errors);
        }

        if (errors.Count > before)
        {
            return null;
        }

        name ??= $"{resolved.Value.Model.Name}-{entityVersion}";
        // Model units are echoed as given, without a band the caller never wrote.
        var normalised = declared.DeepClone().AsObject();
        normalised["name"] = name;
        normalised["entity_version"] = entityVersion;
        if (!byUnits)
        {
            normalised["min_provisioned_throughput"] = min;
        }

        normalised["scale_to_zero_enabled"] = scaleToZero;
        var band = byUnits ? ModelUnits.BandFor(units!.Value, chunk) : new ThroughputBand((int)min, (int)max!.Value, chunk);
        return new ServedEntityConfig(
            name, ServedEntityKind.ProvisionedThroughput, resolved.Value.Model.FullName, entityVersion!, version.Version,
            "", scaleToZero, read.Creator.Name, read.Now, normalised, Band: band);
    }

    /// <summary>One sizing per entity: model units or a tokens-per-second band, and never a custom model's.</summary>
    private static void CheckSizingFields(JsonObject declared, string path, bool byUnits, List<string> errors)
    {
        if (byUnits && (declared["min_provisioned_throughput"] is not null || declared["max_provisioned_throughput"] is not null))
        {
            errors.Add($"{path}.{ModelUnitsField} cannot be given with min/max_provisioned_throughput; size the entity in model units or in tokens per second, not both.");
        }

        foreach (var field in CustomSizingFields)
        {
            if (declared[field] is not null)
            {
                errors.Add(byUnits
                    ? $"{path}.{field} cannot be given with {ModelUnitsField}; a provisioned-throughput entity is sized in model units."
                    : $"{path}.{field} cannot be given with min/max_provisioned_throughput; a provisioned-throughput entity is sized in tokens per second.");
            }
        }
    }

    /// <summary>
    /// Burst scaling would serve above the provisioned rate on extra replicas; one host has none, so
    /// asking for it is refused. Left out, it is off here (the hosted service turns it on by default).
    /// </summary>
    private static void CheckBurstScaling(JsonObject declared, string path, List<string> errors)
    {
        if (JsonFields.Bool(declared, "burst_scaling_enabled", path, errors) == true)
        {
            errors.Add($"{path}.burst_scaling_enabled: this server cannot burst above the provisioned rate (it has no extra replicas to add); send false or leave it out, and size the entity for its peak.");
        }
    }

    private static void CheckUnits(long units, int chunk, string path, List<string> errors)
    {
        var most = ModelUnits.MaxUnits(chunk);
        if (units > most)
        {
            errors.Add($"{path}.{ModelUnitsField} is {units}; at most {most} are allowed for this version (one model unit is {chunk} tokens per second, and at most {ThroughputChunks.MaxTokensPerSecond} tokens per second are allowed).");
        }
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
