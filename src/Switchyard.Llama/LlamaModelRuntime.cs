using Microsoft.Extensions.Logging;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Runtimes;
using Switchyard.Llama.Engine;
using Switchyard.Runtimes.Gguf;

namespace Switchyard.Llama;

/// <summary>
/// The <c>gguf</c> flavor with its engine: inspection as <see cref="GgufModelRuntime"/> does it,
/// and loading into a <see cref="LlamaGenerativeModel"/>. The file is inspected again in managed
/// code right before llama.cpp sees it (it may have changed on disk, and llama.cpp aborts the
/// process on some malformed files instead of failing).
/// </summary>
public sealed class LlamaModelRuntime(TimeProvider time, ILoggerFactory loggers, LlmEngineOptions options) : GgufModelRuntime
{
    private readonly LlamaModelLoader _loader = new(time, loggers, options);

    public override IServedModel Load(string artifactDirectory, ServedEntityConfig entity)
    {
        var artifact = GgufArtifact.Read(artifactDirectory);
        var details = GgufInspector.Inspect(artifact.ModelPath);
        return _loader.Load(artifact.ModelPath, entity.Name, entity.Band, details);
    }
}
