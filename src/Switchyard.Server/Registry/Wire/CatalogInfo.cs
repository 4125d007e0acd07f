namespace Switchyard.Server.Registry.Wire;

/// <summary>The Unity Catalog <c>CatalogInfo</c> (the fields this server keeps). Timestamps are epoch milliseconds.</summary>
internal sealed record CatalogInfo(
    string Name,
    string FullName,
    string? Comment,
    string Owner,
    string CatalogType,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy);

/// <summary>The Unity Catalog <c>SchemaInfo</c> (the fields this server keeps).</summary>
internal sealed record SchemaInfo(
    string Name,
    string CatalogName,
    string FullName,
    string? Comment,
    string Owner,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy);

/// <summary>One page of <c>GET /catalogs</c>.</summary>
internal sealed record CatalogList(IReadOnlyList<CatalogInfo> Catalogs, string? NextPageToken);

/// <summary>One page of <c>GET /schemas?catalog_name=…</c>.</summary>
internal sealed record SchemaList(IReadOnlyList<SchemaInfo> Schemas, string? NextPageToken);
