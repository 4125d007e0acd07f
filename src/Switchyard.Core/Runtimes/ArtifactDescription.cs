namespace Switchyard.Core.Runtimes;

/// <summary>What an artifact folder says of itself, read at registration time.</summary>
/// <param name="Flavor">The MLflow flavor that will serve it (for example <c>onnx</c>).</param>
/// <param name="Signature">Its input and output schema.</param>
/// <param name="Details">What a foundation-model file says of itself; null for other models.</param>
public sealed record ArtifactDescription(string Flavor, ModelSignature Signature, FoundationModelDetails? Details = null);
