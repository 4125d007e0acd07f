using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Core.Secrets;

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

        name ??= modelName?.Replace('.', '-').Replace(':', '-');
        CheckServedName(name, path, errors);
        var earlier = name is null ? null : read.Earlier(name)?.External;
        var providerConfig = await ReadProviderConfigAsync(
            external, provider, modelPath, earlier is not null && earlier.Provider == provider ? earlier.ProviderConfig : null, read, ct);

        if (errors.Count > before || providerConfig is null)
        {
            return null;
        }

        // What is kept holds the sealed keys, never the literal ones.
        var normalised = declared.DeepClone().AsObject();
        normalised["name"] = name;
        normalised["external_model"]![ExternalConfigField(provider!)] = providerConfig.DeepClone();
        var spec = new ExternalModelSpec(modelName!, provider!, task, providerConfig);
        return new ServedEntityConfig(
            name!, ServedEntityKind.ExternalModel, "", "", 0, "", false, read.Creator.Name, read.Now, normalised, External: spec);
    }

    /// <summary>
    /// Checks the provider and its one <c>*_config</c> block, and every secret reference in it
    /// against the config creator's READ; answers the block with its literal keys sealed (and the
    /// keys of <paramref name="earlier"/>, the same entity's block before, where this one leaves
    /// them out), or null when it is wrong.
    /// </summary>
    private async Task<JsonObject?> ReadProviderConfigAsync(
        JsonObject external, string? provider, string modelPath, JsonObject? earlier, ReadContext read, CancellationToken ct)
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
        var kept = block.DeepClone().AsObject();
        keys.SealAll(kept, $"{modelPath}.{configField}", errors);
        if (earlier is not null)
        {
            ProviderKeySealer.CarryOver(earlier, kept);
        }

        foreach (var problem in ExternalProviders.Check(provider!, kept, $"{modelPath}.{configField}"))
        {
            errors.Add(problem);
        }

        await CheckSecretReferencesAsync(kept, $"{modelPath}.{configField}", read, ct);
        return errors.Count > before ? null : kept;
    }

    private static string ExternalConfigField(string provider) =>
        ExternalProviders.TryGetConfigField(provider, out var field) ? field : throw new ArgumentException($"Unknown provider {provider}.", nameof(provider));
}
