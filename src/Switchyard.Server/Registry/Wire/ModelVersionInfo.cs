using Switchyard.Core.Runtimes;

namespace Switchyard.Server.Registry.Wire;

/// <summary>
/// The Unity Catalog <c>ModelVersionInfo</c>. <see cref="Flavor"/> and <see cref="Signature"/> are
/// our extension: the MLflow flavor that serves the version and its input/output schema, read
/// from its MLmodel at registration.
/// </summary>
internal sealed record ModelVersionInfo(
    string Id,
    string ModelName,
    string CatalogName,
    string SchemaName,
    int Version,
    string Status,
    string Source,
    string StorageLocation,
    string? Comment,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<RegisteredModelAlias> Aliases,
    string Flavor,
    SignatureInfo Signature);

/// <summary>A version's signature on the wire: <c>{"inputs": […], "outputs": […]}</c>, each field <c>{name?, type, shape?, required}</c>.</summary>
internal sealed record SignatureInfo(IReadOnlyList<SignatureField> Inputs, IReadOnlyList<SignatureField> Outputs);
