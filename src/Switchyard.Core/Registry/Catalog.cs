namespace Switchyard.Core.Registry;

/// <summary>
/// A Unity Catalog catalog: the first level of <c>catalog.schema.model</c>. Its owner (a user,
/// group or service principal name) holds every privilege on it and on everything inside it.
/// Timestamps are epoch milliseconds.
/// </summary>
public sealed record Catalog(string Name, string? Comment, string Owner, long CreatedAt, string CreatedBy, long UpdatedAt, string UpdatedBy);

/// <summary>A schema inside a catalog: the second level of <c>catalog.schema.model</c>, where models are created.</summary>
public sealed record CatalogSchema(string CatalogName, string Name, string? Comment, string Owner, long CreatedAt, string CreatedBy, long UpdatedAt, string UpdatedBy)
{
    public string FullName => $"{CatalogName}.{Name}";
}
