using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Core.Logs;
using Switchyard.Core.Runtimes;
using Switchyard.Llama.Engine;
using Switchyard.Runtimes.Gguf;
using Switchyard.Server.Drivers.Llm;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Drivers.FoundationModels;

/// <summary>
/// Provisioned-throughput foundation models: a registered GGUF version run by the local LLM
/// engine, sized by a tokens-per-second band whose bounds are multiples of the version's chunk,
/// or by <c>provisioned_model_units</c>, which <see cref="ModelUnits"/> maps onto such a band.
/// </summary>
public sealed class FoundationModelDriver(RegistryLoader loader, LlmEngineOptions engine) : IEntityDriver
{
    /// <summary>The stored kind of foundation-model entities.</summary>
    public const string KindName = "ProvisionedThroughput";

    public string Kind => KindName;

    public string Description => "provisioned-throughput foundation models";

    public bool CountsTokens => true;

    public bool Claims(JsonObject declared) => ThroughputBandReader.IsGiven(declared);

    public async Task<ServedEntityConfig?> ReadAsync(JsonObject declared, string path, EntityReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        var before = errors.Count;
        var entityName = JsonFields.String(declared, "entity_name", path, errors);
        var entityVersion = JsonFields.StringOrInteger(declared, "entity_version", path, errors);
        var name = JsonFields.String(declared, "name", path, errors);
        var scaleToZero = JsonFields.Bool(declared, "scale_to_zero_enabled", path, errors) ?? false;
        var sizing = ThroughputBandReader.ReadFields(declared, path, errors);
        read.CheckWorkloadType(declared, path);
        read.CheckBurstScaling(declared, path);
        read.CheckInstanceProfile(declared, path);

        if (string.IsNullOrEmpty(entityName))
        {
            errors.Add($"{path}.entity_name is required: the registered foundation model to serve, for example system.ai.mistral_7b_instruct_v0_1.");
        }

        if (string.IsNullOrEmpty(entityVersion))
        {
            errors.Add($"{path}.entity_version is required: a version number or an alias.");
        }

        read.CheckServedName(name, path);

        if (errors.Count > before)
        {
            return null;
        }

        var resolved = await read.ResolveVersionAsync(entityName!, entityVersion!, path, ct);
        if (resolved is null)
        {
            return null;
        }

        var version = resolved.Value.Version;
        if (version.Flavor != GgufArtifact.FlavorName)
        {
            errors.Add($"{path}.entity_name: version {version.Version} of '{resolved.Value.Model}' is a {version.Flavor} model; provisioned throughput serves GGUF foundation models (use workload_size for custom models).");
            return null;
        }

        var band = ThroughputBandReader.BandFor(sizing, ThroughputChunks.ChunkSizeOf(version), path, errors);
        if (band is null || errors.Count > before)
        {
            return null;
        }

        name ??= $"{resolved.Value.Model.Name}-{entityVersion}";
        // Model units are echoed as given, without a band the caller never wrote.
        var normalised = declared.DeepClone().AsObject();
        normalised["name"] = name;
        normalised["entity_version"] = entityVersion;
        if (sizing.Units is null)
        {
            normalised["min_provisioned_throughput"] = sizing.Min;
        }

        normalised["scale_to_zero_enabled"] = scaleToZero;
        return new ServedEntityConfig(
            name, KindName, resolved.Value.Model.FullName, entityVersion!, version.Version,
            "", scaleToZero, read.Creator.Name, read.Now, normalised, Band: band);
    }

    /// <summary>The engine's parallel sequences (continuous batching slots): a request waits for one at the gate, not in the engine.</summary>
    public int SlotsOf(ServedEntityConfig entity) => engine.Slots;

    public Task<Func<EntityLog, Task<IServedModel>>> CreateLoaderAsync(ServedEntityConfig entity, CancellationToken ct) =>
        loader.CreateAsync(entity, ct);

    public string Describe(ServedEntityConfig entity)
    {
        var band = entity.Band is { } b
            ? string.Create(CultureInfo.InvariantCulture, $", provisioned throughput {b.MinTokensPerSecond}–{b.MaxTokensPerSecond} tokens/s")
            : "";
        return $"foundation model {entity.EntityName} version {entity.ResolvedVersion}{band}";
    }

    public IReadOnlyList<LlmTask> TasksOf(ServedEntityConfig entity) => [LlmTask.Chat, LlmTask.Completions];

    public void Summarize(ServedEntityConfig entity, JsonObject summary)
    {
        summary["entity_name"] = entity.EntityName;
        summary["entity_version"] = entity.EntityVersion;
        summary["foundation_model"] = new JsonObject { ["name"] = entity.EntityName, ["display_name"] = entity.EntityName };
    }

    public async ValueTask InvokeAsync(Invocation invocation)
    {
        // Templating and tokenizing a long prompt take a while: not on a socket thread (inline completions).
        await OffSocketThread.Move();
        await LlmInvocation.AnswerAsync(invocation);
    }
}
