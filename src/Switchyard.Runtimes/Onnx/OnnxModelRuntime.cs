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

    /// <summary>
    /// Loads the model for one served entity. With dynamic batching, runs go at once up to the entity's
    /// concurrency but on at most half the machine's cores (one each, intra-op 1): the other half read
    /// the next queries and write answers meanwhile, and the queries that arrive during a run make the
    /// next batch. Measured on 2 cores with the bench MLP: 2 runners carried 1.7 queries a run, 1 runner 5.7,
    /// at more queries a second.
    /// </summary>
    IServedModel IModelRuntime.Load(string artifactDirectory, ServedEntityConfig entity) =>
        OnnxLoadedModel.Load(OnnxArtifact.Read(artifactDirectory), entity.Batching, Math.Min(WorkloadSize.ConcurrencyOf(entity), Math.Max(1, Environment.ProcessorCount / 2)));
}
