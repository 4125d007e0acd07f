namespace Switchyard.Core.Registry;

/// <summary>
/// Durable catalogs and schemas, the containers registered models live in. Methods throw
/// <see cref="Errors.ServingException"/> for missing or duplicate names, and refuse to delete a
/// catalog that still holds schemas or a schema that still holds models.
/// </summary>
public interface ICatalogStore
{
    /// <summary>Creates the catalog; RESOURCE_ALREADY_EXISTS when it exists.</summary>
    Task<Catalog> CreateCatalogAsync(string name, string? comment, string owner, long now, CancellationToken ct);

    Task<Catalog?> GetCatalogAsync(string name, CancellationToken ct);

    /// <summary>Catalogs ordered by name (ordinal).</summary>
    Task<IReadOnlyList<Catalog>> ListCatalogsAsync(CancellationToken ct);

    Task DeleteCatalogAsync(string name, CancellationToken ct);

    /// <summary>Creates the schema; RESOURCE_DOES_NOT_EXIST without its catalog, RESOURCE_ALREADY_EXISTS when it exists.</summary>
    Task<CatalogSchema> CreateSchemaAsync(string catalog, string name, string? comment, string owner, long now, CancellationToken ct);

    Task<CatalogSchema?> GetSchemaAsync(string catalog, string name, CancellationToken ct);

    /// <summary>The catalog's schemas ordered by name (ordinal), or every schema when <paramref name="catalog"/> is null.</summary>
    Task<IReadOnlyList<CatalogSchema>> ListSchemasAsync(string? catalog, CancellationToken ct);

    Task DeleteSchemaAsync(string catalog, string name, CancellationToken ct);
}
