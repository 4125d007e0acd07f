using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Custom models: a registered model version run by its flavor's runtime, sized by workload size
/// or by a provisioned concurrency range.
/// </summary>
public sealed partial class EndpointConfigReader
{
    private async Task<ServedEntityConfig?> ReadCustomModelAsync(
        JsonObject declared, string path, bool legacy, ReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        var before = errors.Count;
        var entityName = JsonFields.String(declared, legacy ? "model_name" : "entity_name", path, errors);
        var entityVersion = JsonFields.StringOrInteger(declared, legacy ? "model_version" : "entity_version", path, errors);
        var scaleToZero = JsonFields.Bool(declared, "scale_to_zero_enabled", path, errors) ?? false;
        // A concurrency range replaces the workload size (and the two together are refused).
        var sizedByConcurrency = SizedByConcurrency(declared);
        var concurrency = ReadConcurrency(declared, path, scaleToZero, errors);
        var workloadSize = sizedByConcurrency ? "" : JsonFields.String(declared, "workload_size", path, errors) ?? WorkloadSize.Small;
        var name = JsonFields.String(declared, "name", path, errors);
        CheckWorkloadType(declared, path, errors);
        await CheckEnvironmentVariablesAsync(declared, path, read, ct);

        if (!sizedByConcurrency && !WorkloadSize.TryGetConcurrency(workloadSize, out _))
        {
            errors.Add($"{path}.workload_size '{workloadSize}' is not one of Small, Medium, Large.");
        }

        if (string.IsNullOrEmpty(entityName))
        {
            errors.Add($"{path}.{(legacy ? "model_name" : "entity_name")} is required: the registered model to serve, as catalog.schema.model.");
        }

        if (string.IsNullOrEmpty(entityVersion))
        {
            errors.Add($"{path}.{(legacy ? "model_version" : "entity_version")} is required: a version number or an alias.");
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

        name ??= $"{resolved.Value.Model.Name}-{entityVersion}";
        var normalised = declared.DeepClone().AsObject();
        if (legacy)
        {
            normalised.Remove("model_name");
            normalised.Remove("model_version");
            normalised["entity_name"] = entityName;
            normalised["entity_version"] = entityVersion;
        }

        normalised["name"] = name;
        normalised["entity_version"] = entityVersion;
        if (!sizedByConcurrency)
        {
            normalised["workload_size"] = workloadSize;
        }

        normalised["scale_to_zero_enabled"] = scaleToZero;
        normalised["workload_type"] ??= "CPU";
        return new ServedEntityConfig(
            name, ServedEntityKind.CustomModel, resolved.Value.Model.FullName, entityVersion!, resolved.Value.Version.Version,
            workloadSize, scaleToZero, read.Creator.Name, read.Now, normalised, Concurrency: concurrency);
    }
}
