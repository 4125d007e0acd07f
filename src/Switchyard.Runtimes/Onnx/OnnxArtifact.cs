using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Mlflow;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// An MLflow model folder checked to be servable by ONNX Runtime: its <c>onnx</c> flavor's model
/// file (inside the folder) and its signature. Checking opens no ORT session.
/// </summary>
public sealed record OnnxArtifact(string ModelPath, ModelSignature Signature)
{
    public const string FlavorName = "onnx";

    /// <summary>Throws <see cref="ServingException"/> (INVALID_PARAMETER_VALUE) naming the first fault found.</summary>
    public static OnnxArtifact Read(string artifactDirectory)
    {
        var mlModel = MlModelFile.Read(artifactDirectory);
        if (!mlModel.Flavors.TryGetValue(FlavorName, out var flavor))
        {
            throw ServingException.Invalid($"MLmodel has no '{FlavorName}' flavor; found: {mlModel.FlavorList}");
        }

        if (string.IsNullOrWhiteSpace(flavor.Data))
        {
            throw ServingException.Invalid($"MLmodel '{FlavorName}' flavor has no 'data' entry naming the model file");
        }

        var modelPath = ArtifactPath.ResolveFile(artifactDirectory, flavor.Data, $"MLmodel '{FlavorName}' flavor data file");
        var signature = mlModel.Signature
            ?? throw ServingException.Invalid("MLmodel has no signature; log the model with a signature (inputs and outputs)");
        if (signature.Inputs.Count == 0)
        {
            throw ServingException.Invalid("MLmodel signature has no inputs");
        }

        if (signature.Outputs.Count == 0)
        {
            throw ServingException.Invalid("MLmodel signature has no outputs");
        }

        return new OnnxArtifact(modelPath, signature);
    }
}
