using System.Globalization;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Logs;
using Switchyard.Core.Registry;
using Switchyard.Core.Runtimes;

namespace Switchyard.Server.Drivers;

/// <summary>
/// Loads a registered model version with the runtime of its flavor, for the kinds that serve
/// registry versions (custom and foundation models), writing each step to the entity's log:
/// the artifact check, what the artifact says of itself, the runtime it gets.
/// </summary>
public sealed class RegistryLoader(IRegistryStore registry, IArtifactLocator artifacts, IEnumerable<IModelRuntime> runtimes)
{
    private readonly IModelRuntime[] _runtimes = [.. runtimes];

    public async Task<Func<EntityLog, Task<IServedModel>>> CreateAsync(ServedEntityConfig config, CancellationToken ct)
    {
        var model = ModelName.Parse(config.EntityName, "entity_name");
        var version = await registry.GetVersionAsync(model, config.ResolvedVersion, ct);
        if (version is null)
        {
            return _ => throw new InvalidOperationException($"Version {config.ResolvedVersion} of {model} is no longer in the registry.");
        }

        var directory = artifacts.DirectoryOf(version);
        foreach (var runtime in _runtimes)
        {
            if (runtime.Flavor == version.Flavor)
            {
                return log => Task.FromResult(Load(runtime, version, directory, config, log));
            }
        }

        return _ => throw new InvalidOperationException($"No runtime serves the '{version.Flavor}' flavor.");
    }

    private static IServedModel Load(IModelRuntime runtime, ModelVersion version, string directory, ServedEntityConfig config, EntityLog log)
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

    private static string Describe(ModelSignature signature)
    {
        var kind = signature.IsTensorBased ? "tensor" : "column";
        return string.Create(CultureInfo.InvariantCulture,
            $"Artifact checked: {kind}-based signature with {signature.Inputs.Count} input(s) and {signature.Outputs.Count} output(s).");
    }

    private static string Describe(FoundationModelDetails gguf) => string.Create(CultureInfo.InvariantCulture,
        $"GGUF checked: {gguf.ModelFile}, architecture {gguf.Architecture}, {gguf.ParameterCount / 1e9:0.##} B parameters, {gguf.Quantization}, context length {gguf.ContextLength}, {(gguf.ChatTemplatePresent ? "with" : "without")} a chat template.");
}
