using Switchyard.Core.Endpoints;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Onnx;

/// <summary>Serves MLflow models of the <c>onnx</c> flavor with ONNX Runtime.</summary>
public sealed class OnnxModelRuntime : IModelRuntime
{
    public string Flavor => OnnxArtifact.FlavorName;

    public ArtifactDescription Inspect(string artifactDirectory) =>
        new(Flavor, OnnxArtifact.Read(artifactDirectory).Signature);

    public ILoadedModel Load(string artifactDirectory) => OnnxLoadedModel.Load(OnnxArtifact.Read(artifactDirectory));

    /// <summary>Loads the model for one served entity: with its dynamic batching, runs as many at once as the entity's concurrency.</summary>
    IServedModel IModelRuntime.Load(string artifactDirectory, ServedEntityConfig entity) =>
        OnnxLoadedModel.Load(OnnxArtifact.Read(artifactDirectory), entity.Batching, WorkloadSize.ConcurrencyOf(entity));
}
