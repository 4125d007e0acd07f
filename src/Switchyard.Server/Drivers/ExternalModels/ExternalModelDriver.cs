using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Core.Logs;
using Switchyard.Core.Runtimes;
using Switchyard.Core.Secrets;
using Switchyard.Providers;
using Switchyard.Server.Drivers.Llm;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Drivers.ExternalModels;

/// <summary>
/// External models: a provider's model behind its API, with the provider's config block. Keys
/// are sealed as the config is read and resolved only when the entity loads, with the rights of
/// the config's creator; the provider's client answers LLM queries.
/// </summary>
public sealed class ExternalModelDriver(ExternalProviderCatalog providers, ExternalModelFactory factory) : IEntityDriver
{
    /// <summary>The stored kind of external-model entities.</summary>
    public const string KindName = "ExternalModel";

    /// <summary>In-flight requests per external-model entity: I/O-bound, so far more than cores.</summary>
    public const int Slots = 512;

    /// <summary>The custom-model fields an external model may not carry.</summary>
    private static readonly string[] CustomModelFields = ["entity_name", "entity_version", "workload_size", "workload_type", "scale_to_zero_enabled"];

    public string Kind => KindName;

    public string Description => "external models";

    public bool CountsTokens => true;

    public bool EndpointKeepsKind => true;

    public bool Claims(JsonObject declared) => declared["external_model"] is not null;

    public async Task<ServedEntityConfig?> ReadAsync(JsonObject declared, string path, EntityReadContext read, CancellationToken ct)
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

        var taskKnown = LlmTaskNames.TryParse(taskName, out var task);
        if (!taskKnown)
        {
            errors.Add($"{modelPath}.task '{taskName}' is not one of {LlmTaskNames.Chat}, {LlmTaskNames.Completions}, {LlmTaskNames.Embeddings}.");
        }

        name ??= modelName?.Replace('.', '-').Replace(':', '-');
        read.CheckServedName(name, path);
        read.CheckInstanceProfile(declared, path);
        var earlier = name is null ? null : read.Earlier(name)?.External;
        var providerConfig = await ReadProviderConfigAsync(
            external, provider, taskKnown ? task : null, modelName, modelPath, earlier is not null && earlier.Provider == provider ? earlier.ProviderConfig : null, read, ct);

        if (errors.Count > before || providerConfig is null)
        {
            return null;
        }

        // What is kept holds the sealed keys, never the literal ones.
        var normalised = declared.DeepClone().AsObject();
        normalised["name"] = name;
        normalised["external_model"]![ConfigFieldOf(provider!)] = providerConfig.DeepClone();
        var spec = new ExternalModelSpec(modelName!, provider!, task, providerConfig);
        return new ServedEntityConfig(
            name!, KindName, "", "", 0, "", false, read.Creator.Name, read.Now, normalised, External: spec);
    }

    /// <summary>The external models of an endpoint share one task: clients query it as one kind of LLM.</summary>
    public void CheckTogether(IReadOnlyList<ServedEntityConfig> entities, string listName, List<string> errors)
    {
        var tasks = entities.Where(e => e.External is not null).Select(e => e.External!.Task).Distinct().ToList();
        if (tasks.Count > 1)
        {
            errors.Add($"config.{listName} mixes external model tasks ({string.Join(", ", tasks.Select(LlmTaskNames.ToWire))}); the external models of an endpoint share one task.");
        }
    }

    public int SlotsOf(ServedEntityConfig entity) => Slots;

    public Task<Func<EntityLog, Task<IServedModel>>> CreateLoaderAsync(ServedEntityConfig entity, CancellationToken ct) =>
        Task.FromResult<Func<EntityLog, Task<IServedModel>>>(log => LoadAsync(entity, log));

    public string Describe(ServedEntityConfig entity) => entity.External is { } external
        ? $"external model {external.Name} from provider {external.Provider} ({external.Task.ToWire()})"
        : $"external model {entity.Name}";

    public IReadOnlyList<LlmTask> TasksOf(ServedEntityConfig entity) => entity.External is { } external ? [external.Task] : [];

    /// <summary>The provider block without keys: a literal key is never shown, not even sealed.</summary>
    public void Summarize(ServedEntityConfig entity, JsonObject summary) =>
        summary["external_model"] = ProviderKeySealer.WithoutKeys(entity.Declared["external_model"]);

    public ValueTask InvokeAsync(Invocation invocation) => new(LlmInvocation.AnswerAsync(invocation));

    /// <summary>
    /// Checks the provider, that it serves the task, its one <c>*_config</c> block (by the provider's
    /// own fields and rules), and every secret reference in it
    /// against the config creator's READ; answers the block with its literal keys sealed (and the
    /// keys of <paramref name="earlier"/>, the same entity's block before, where this one leaves
    /// them out), or null when it is wrong.
    /// </summary>
    private async Task<JsonObject?> ReadProviderConfigAsync(
        JsonObject external, string? provider, LlmTask? task, string? modelName, string modelPath, JsonObject? earlier,
        EntityReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        if (!providers.TryGet(provider, out var served))
        {
            errors.Add($"{modelPath}.provider '{provider}' is not one of {string.Join(", ", providers.Names)}.");
            return null;
        }

        // Refused here rather than when the entity loads, so the caller hears it before anything is deployed.
        if (task is { } declared && ExternalProviderCatalog.TaskRefusal(served, declared, modelName ?? "the model") is { } refusal)
        {
            errors.Add($"{modelPath}.task: {refusal}");
        }

        var configField = served.ConfigField;

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
        read.Keys.SealAll(kept, $"{modelPath}.{configField}", errors);
        if (earlier is not null)
        {
            ProviderKeySealer.CarryOver(earlier, kept);
        }

        foreach (var problem in served.Check(kept, $"{modelPath}.{configField}"))
        {
            errors.Add(problem);
        }

        await read.CheckSecretReferencesAsync(kept, $"{modelPath}.{configField}", ct);
        return errors.Count > before ? null : kept;
    }

    /// <summary>Resolves the keys (with the config creator's rights) and builds the provider's client, saying where each key comes from.</summary>
    private async Task<IServedModel> LoadAsync(ServedEntityConfig config, EntityLog log)
    {
        if (config.External is { } external && providers.TryGet(external.Provider, out var provider))
        {
            var block = provider.ConfigField;
            foreach (var (field, value) in external.ProviderConfig)
            {
                if (ProviderKeySealer.IsPlaintextField(field))
                {
                    log.Write($"{block}.{field}: a key given in the config, kept sealed (its value is not logged).");
                }
                else if (value?.GetValueKind() == JsonValueKind.String && SecretReference.TryParse(value.GetValue<string>(), out var reference))
                {
                    log.Write($"{block}.{field}: resolving secret {reference} with the rights of {config.Creator}.");
                }
            }
        }

        var model = await factory.CreateAsync(config, CancellationToken.None);
        log.Write("Provider keys resolved; the provider client is ready.");
        return model;
    }

    private string ConfigFieldOf(string provider) =>
        providers.TryGet(provider, out var served) ? served.ConfigField : throw new ArgumentException($"Unknown provider {provider}.", nameof(provider));
}
