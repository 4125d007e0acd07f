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
    /// Loads the model for one served entity. With dynamic batching, runs go one core each (intra-op 1) on
    /// at most half the machine's cores, while the other half read the next queries and write answers;
    /// the queries that arrive during a run make the next batch. Only when a batch fills up (more queries
    /// wait than those runners keep up with) may runs take every core. Never more runs than the
    /// entity's concurrency. Measured on 2 cores with the bench MLP: two runners for every batch carried
    /// 1.7 queries a run, one runner 5.7, at more queries a second.
    /// </summary>
    IServedModel IModelRuntime.Load(string artifactDirectory, ServedEntityConfig entity)
    {
        var concurrency = WorkloadSize.ConcurrencyOf(entity);
        var cores = Environment.ProcessorCount;
        return OnnxLoadedModel.Load(OnnxArtifact.Read(artifactDirectory), entity.Batching,
            runs: Math.Min(concurrency, Math.Max(1, cores / 2)), fullRuns: Math.Min(concurrency, cores));
    }
}
