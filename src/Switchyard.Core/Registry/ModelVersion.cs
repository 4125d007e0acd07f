using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Registry;

/// <summary>
/// One immutable version of a registered model. <see cref="StorageLocation"/> is the folder in
/// the server's model store that holds its artifact (an MLflow model directory).
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
    IReadOnlyList<string> Aliases);
