using Switchyard.Core.Endpoints;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Gguf;

/// <summary>
/// The <c>gguf</c> flavor: foundation models in GGUF files. Inspection checks the file in managed
/// code (llama.cpp crashes on some malformed files) and describes it; loading belongs to the LLM
/// engine, which replaces <see cref="Load"/>.
/// </summary>
public class GgufModelRuntime : IModelRuntime
{
    public string Flavor => ThroughputChunks.GgufFlavor;

    public ArtifactDescription Inspect(string artifactDirectory)
    {
        var artifact = GgufArtifact.Read(artifactDirectory);
        var details = GgufInspector.Inspect(artifact.ModelPath) with { ThroughputChunkSize = artifact.ThroughputChunkSize };
        return new ArtifactDescription(Flavor, new ModelSignature([], []), details);
    }

    public virtual IServedModel Load(string artifactDirectory, ServedEntityConfig entity) =>
        throw new NotSupportedException("the LLM engine is not linked");
}
