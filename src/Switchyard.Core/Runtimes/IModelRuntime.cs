using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Runtimes;

/// <summary>
/// One kind of model execution (ONNX, a GGUF LLM engine). A runtime
/// knows nothing of HTTP or endpoints: it inspects an artifact folder, loads it, and scores.
/// </summary>
public interface IModelRuntime
{
    /// <summary>The MLflow flavor this runtime serves, for example <c>onnx</c>.</summary>
    string Flavor { get; }

    /// <summary>
    /// Reads an artifact folder without loading it: checks that it is a model this runtime can
    /// serve and describes it. Throws <see cref="Errors.ServingException"/> (INVALID_PARAMETER_VALUE)
    /// naming what is wrong.
    /// </summary>
    ArtifactDescription Inspect(string artifactDirectory);

    /// <summary>
    /// Loads the artifact for one served entity (one session per call) and warms it up. The
    /// entity's config carries what a runtime may size itself by (a provisioned-throughput band).
    /// </summary>
    IServedModel Load(string artifactDirectory, ServedEntityConfig entity);
}
