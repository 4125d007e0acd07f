namespace Switchyard.Server.Registry.Wire;

/// <summary>The Unity Catalog <c>RegisteredModelInfo</c>. Timestamps are epoch milliseconds.</summary>
internal sealed record RegisteredModelInfo(
    string FullName,
    string Name,
    string CatalogName,
    string SchemaName,
    string? Comment,
    string Owner,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<RegisteredModelAlias> Aliases);
