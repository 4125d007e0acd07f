using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Core.Endpoints;

/// <summary>External models: a provider's model behind its API, with the provider's config block.</summary>
public sealed partial class EndpointConfigReader
{
    /// <summary>The custom-model fields an external model may not carry.</summary>
    private static readonly string[] CustomModelFields = ["entity_name", "entity_version", "workload_size", "workload_type", "scale_to_zero_enabled"];

    private async Task<ServedEntityConfig?> ReadExternalModelAsync(JsonObject declared, string path, ReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        var before = errors.Count;
        var modelPath = $"{path}.external_model";
        var external = JsonFields.Object(declared, "external_model", path, errors);
        var name = JsonFields.String(declared, "name", path, errors);
        foreach (var field in CustomModelFields)
        {
            if (declared[field] is not null)
            {
                errors.Add($"{path}.{field} cannot be given with external_model.");
            }
        }

        if (external is null)
        {
            return null;
        }

        var modelName = JsonFields.String(external, "name", modelPath, errors);
        var provider = JsonFields.String(external, "provider", modelPath, errors);
        var taskName = JsonFields.String(external, "task", modelPath, errors);
        if (string.IsNullOrEmpty(modelName))
        {
            errors.Add($"{modelPath}.name is required: the provider's model id, for example gpt-4o-mini.");
        }

        if (!LlmTaskNames.TryParse(taskName, out var task))
        {
            errors.Add($"{modelPath}.task '{taskName}' is not one of {LlmTaskNames.Chat}, {LlmTaskNames.Completions}, {LlmTaskNames.Embeddings}.");
        }

        var providerConfig = await ReadProviderConfigAsync(external, provider, modelPath, read, ct);
        name ??= modelName?.Replace('.', '-').Replace(':', '-');
        CheckServedName(name, path, errors);

        if (errors.Count > before || providerConfig is null)
        {
            return null;
        }

        var normalised = declared.DeepClone().AsObject();
        normalised["name"] = name;
        var spec = new ExternalModelSpec(modelName!, provider!, task, providerConfig);
        return new ServedEntityConfig(
            name!, ServedEntityKind.ExternalModel, "", "", 0, "", false, read.Creator.Name, read.Now, normalised, External: spec);
    }

    /// <summary>
    /// Checks the provider and its one <c>*_config</c> block, and every secret reference in it
    /// against the config creator's READ; answers the block, or null when it is wrong.
    /// </summary>
    private async Task<JsonObject?> ReadProviderConfigAsync(
        JsonObject external, string? provider, string modelPath, ReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        if (!ExternalProviders.TryGetConfigField(provider, out var configField))
        {
            errors.Add($"{modelPath}.provider '{provider}' is not one of {string.Join(", ", ExternalProviders.Names)}.");
            return null;
        }

        foreach (var (field, _) in external)
        {
            if (field.EndsWith("_config", StringComparison.Ordinal) && field != configField)
            {
                errors.Add($"{modelPath}.{field} does not go with provider '{provider}'; give {configField}.");
            }
        }

        var block = JsonFields.Object(external, configField, modelPath, errors);
        if (block is null)
        {
            errors.Add($"{modelPath}.{configField} is required for provider '{provider}'.");
            return null;
        }

        var before = errors.Count;
        foreach (var problem in ExternalProviders.Check(provider!, block, $"{modelPath}.{configField}"))
        {
            errors.Add(problem);
        }

        await CheckSecretReferencesAsync(block, $"{modelPath}.{configField}", read, ct);
        return errors.Count > before ? null : block.DeepClone().AsObject();
    }
}
