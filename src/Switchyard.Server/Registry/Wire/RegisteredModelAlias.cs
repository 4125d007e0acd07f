namespace Switchyard.Server.Registry.Wire;

/// <summary>
/// The Unity Catalog <c>RegisteredModelAlias</c>. Inside a model or version answer only the alias
/// and version are set; the PUT of an alias also names the model.
/// </summary>
internal sealed record RegisteredModelAlias(
    string AliasName,
    int VersionNum,
    string? CatalogName = null,
    string? SchemaName = null,
    string? ModelName = null);
