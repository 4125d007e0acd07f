using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Registry;

/// <summary>
/// One immutable version of a registered model. <see cref="StorageLocation"/> is the folder in
/// the server's model store that holds its artifact (an MLflow model directory). <see cref="Details"/>
/// is what a GGUF file says of itself, null for other flavors.
/// </summary>
public sealed record ModelVersion(
    ModelName Model,
    int Version,
    string Source,
    string StorageLocation,
    string Flavor,
    ModelSignature Signature,
    string? Comment,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<string> Aliases,
    FoundationModelDetails? Details = null);
