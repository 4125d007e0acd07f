using Microsoft.Extensions.Logging;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Runtimes;
using Switchyard.Llama.Engine;
using Switchyard.Runtimes.Gguf;

namespace Switchyard.Llama;

/// <summary>
/// The <c>gguf</c> flavor: GGUF foundation models, checked in managed code and loaded into a
/// <see cref="LlamaGenerativeModel"/>. The file is inspected again right before llama.cpp sees it
/// (it may have changed on disk, and llama.cpp aborts the process on some malformed files
/// instead of failing).
/// </summary>
public sealed class LlamaModelRuntime(TimeProvider time, ILoggerFactory loggers, LlmEngineOptions options) : IModelRuntime
{
    private readonly LlamaModelLoader _loader = new(time, loggers, options);

    public string Flavor => GgufArtifact.FlavorName;

    public ArtifactDescription Inspect(string artifactDirectory) => GgufArtifact.Describe(artifactDirectory);

    public IServedModel Load(string artifactDirectory, ServedEntityConfig entity)
    {
        var artifact = GgufArtifact.Read(artifactDirectory);
        var details = GgufInspector.Inspect(artifact.ModelPath);
        return _loader.Load(artifact.ModelPath, entity.Name, entity.Band, details);
    }
}
