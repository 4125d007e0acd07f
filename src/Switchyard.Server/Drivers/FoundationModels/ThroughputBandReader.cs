using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Drivers.FoundationModels;

/// <summary>
/// A foundation model's sizing: a tokens-per-second band (<c>min/max_provisioned_throughput</c>,
/// multiples of the version's chunk) or <c>provisioned_model_units</c>, never a custom model's
/// sizing, and no burst scaling (one host has no extra replicas to burst onto).
/// </summary>
internal static class ThroughputBandReader
{
    private const string ModelUnitsField = "provisioned_model_units";

    /// <summary>Sizing fields of custom models, refused on a provisioned-throughput entity whichever way it is sized.</summary>
    private static readonly string[] CustomSizingFields =
        ["workload_size", "min_provisioned_concurrency", "max_provisioned_concurrency"];

    /// <summary>The sizing as given: model units, or a band's bounds (min defaults to 0).</summary>
    public readonly record struct Sizing(long? Units, long Min, long? Max);

    public static bool IsGiven(JsonObject declared) =>
        declared["min_provisioned_throughput"] is not null || declared["max_provisioned_throughput"] is not null
        || declared[ModelUnitsField] is not null;

    /// <summary>Reads the sizing fields and checks what can be checked before the version's chunk is known.</summary>
    public static Sizing ReadFields(JsonObject declared, string path, List<string> errors)
    {
        var byUnits = declared[ModelUnitsField] is not null;
        var units = byUnits ? JsonFields.Integer(declared, ModelUnitsField, path, errors) : null;
        var min = byUnits ? 0 : JsonFields.Integer(declared, "min_provisioned_throughput", path, errors) ?? 0;
        var max = byUnits ? null : JsonFields.Integer(declared, "max_provisioned_throughput", path, errors);
        CheckSizingFields(declared, path, byUnits, errors);
        if (!byUnits && max is null)
        {
            errors.Add($"{path}.max_provisioned_throughput is required: the most tokens per second the entity may serve.");
        }

        if (units < ModelUnits.MinUnits)
        {
            errors.Add($"{path}.{ModelUnitsField} is {units}; it must be {ModelUnits.MinUnits} or more (scale_to_zero_enabled lets an idle entity unload).");
        }

        // Units that could not be read still mark the entity as sized by units.
        return new Sizing(byUnits ? units ?? 0 : null, min, max);
    }

    /// <summary>The band for the version's <paramref name="chunk"/>, or null (with the problems) when it does not fit.</summary>
    public static ThroughputBand? BandFor(Sizing sizing, int chunk, string path, List<string> errors)
    {
        var before = errors.Count;
        if (sizing.Units is { } units)
        {
            CheckUnits(units, chunk, path, errors);
            return errors.Count > before ? null : ModelUnits.BandFor(units, chunk);
        }

        CheckBand(sizing.Min, sizing.Max!.Value, chunk, path, errors);
        return errors.Count > before ? null : new ThroughputBand((int)sizing.Min, (int)sizing.Max!.Value, chunk);
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
