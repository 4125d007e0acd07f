using System.Globalization;
using System.Text.Json;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Core.Logs;
using Switchyard.Core.Registry;
using Switchyard.Core.Routing;
using Switchyard.Core.Runtimes;
using Switchyard.Core.Secrets;

namespace Switchyard.Server.Serving;

/// <summary>
/// The steps of building one served entity, each written to its build log as it happens: what
/// the config asks for, the artifact check, what the artifact says of itself, the runtime it
/// gets, and for external models where each provider key comes from. A key's value is never
/// written: only the field's name and the secret reference (which configs echo anyway).
/// </summary>
internal static class BuildSteps
{
    /// <summary>The entity's definition, written once when the deployer creates it.</summary>
    public static void WriteDefinition(ServedEntity entity, long configVersion, int slots, int queue)
    {
        var config = entity.Config;
        var what = config.Kind switch
        {
            ServedEntityKind.ExternalModel when config.External is { } external =>
                $"external model {external.Name} from provider {external.Provider} ({external.Task.ToWire()})",
            ServedEntityKind.ProvisionedThroughput => $"foundation model {config.EntityName} version {config.ResolvedVersion}",
            _ => $"custom model {config.EntityName} version {config.ResolvedVersion}",
        };
        var band = config.Band is { } b
            ? string.Create(CultureInfo.InvariantCulture, $", provisioned throughput {b.MinTokensPerSecond}–{b.MaxTokensPerSecond} tokens/s")
            : "";
        entity.BuildLog.Write(string.Create(CultureInfo.InvariantCulture,
            $"Served entity '{config.Name}' of config version {configVersion}: {what}; workload {config.WorkloadSize} ({slots} concurrent requests, a queue of {queue}){band}; scale to zero {(config.ScaleToZeroEnabled ? "on" : "off")}."));
    }

    /// <summary>Checks a registered version's artifact, says what it holds, and loads it with its runtime.</summary>
    public static IServedModel LoadRegistered(IModelRuntime runtime, ModelVersion version, string directory, ServedEntityConfig config, EntityLog log)
    {
        log.Write($"Checking the artifact of {version.Model} version {version.Version} ({version.Flavor} flavor).");
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"The artifact of {version.Model} version {version.Version} is missing from the model store.");
        }

        var description = runtime.Inspect(directory);
        log.Write(description.Details is { } gguf ? Describe(gguf) : Describe(description.Signature));
        log.Write($"Creating the {runtime.Flavor} runtime for this entity.");
        return runtime.Load(directory, config);
    }

    /// <summary>Resolves an external model's keys (with the config creator's rights) and builds its provider client.</summary>
    public static async Task<IServedModel> LoadExternalAsync(IExternalModelFactory factory, ServedEntityConfig config, EntityLog log)
    {
        if (config.External is { } external && ExternalProviders.TryGetConfigField(external.Provider, out var block))
        {
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

    private static string Describe(ModelSignature signature)
    {
        var kind = signature.IsTensorBased ? "tensor" : "column";
        return string.Create(CultureInfo.InvariantCulture,
            $"Artifact checked: {kind}-based signature with {signature.Inputs.Count} input(s) and {signature.Outputs.Count} output(s).");
    }

    private static string Describe(FoundationModelDetails gguf) => string.Create(CultureInfo.InvariantCulture,
        $"GGUF checked: {gguf.ModelFile}, architecture {gguf.Architecture}, {gguf.ParameterCount / 1e9:0.##} B parameters, {gguf.Quantization}, context length {gguf.ContextLength}, {(gguf.ChatTemplatePresent ? "with" : "without")} a chat template.");
}
