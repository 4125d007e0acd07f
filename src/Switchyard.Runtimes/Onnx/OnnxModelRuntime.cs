using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Onnx;

/// <summary>Serves MLflow models of the <c>onnx</c> flavor with ONNX Runtime.</summary>
public sealed class OnnxModelRuntime : IModelRuntime
{
    public string Flavor => "onnx";

    public ArtifactDescription Inspect(string artifactDirectory) => throw new NotImplementedException();

    public ILoadedModel Load(string artifactDirectory) => throw new NotImplementedException();
}
