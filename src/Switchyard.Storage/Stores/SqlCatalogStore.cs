using System.Globalization;
using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Errors;
using Switchyard.Core.Registry;

namespace Switchyard.Storage.Stores;

/// <summary>
/// Catalogs and schemas in the database (SQLite or PostgreSQL), beside the registry's tables so that a
/// delete can check in one transaction that nothing is left inside.
/// </summary>
public sealed class SqlCatalogStore : ICatalogStore
{
    private const string CatalogColumns = "name, comment, owner, created_at, created_by, updated_at, updated_by";
    private const string SchemaColumns = "catalog_name, name, comment, owner, created_at, created_by, updated_at, updated_by";

    private readonly SqlDatabase _database;

    public SqlCatalogStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("registry", RegistrySchema.Steps);
    }

    public async Task<Catalog> CreateCatalogAsync(string name, string? comment, string owner, long now, CancellationToken ct)
    {
        using var connection = _database.Open();
        try
        {
            await ExecuteAsync(connection, null, $"""
                INSERT INTO catalogs ({CatalogColumns}) VALUES (@n, @comment, @owner, @now, @owner, @now, @owner)
                """, ct, ("@n", name), ("@comment", comment), ("@owner", owner), ("@now", now));
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            throw ServingException.AlreadyExists($"Catalog '{name}' already exists.");
        }

        return new Catalog(name, comment, owner, now, owner, now, owner);
    }

    public async Task<Catalog?> GetCatalogAsync(string name, CancellationToken ct)
    {
        using var connection = _database.Open();
        var found = await QueryCatalogsAsync(connection, "WHERE name = @n", ct, ("@n", name));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<Catalog>> ListCatalogsAsync(CancellationToken ct)
    {
        using var connection = _database.Open();
        return await QueryCatalogsAsync(connection, "", ct);
    }

    public async Task DeleteCatalogAsync(string name, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        if (!await LockCatalogAsync(connection, transaction, name, ct))
        {
            throw CatalogNotFound(name);
        }

        var schemas = await CountAsync(connection, transaction, "SELECT COUNT(*) FROM catalog_schemas WHERE catalog_name = @c", ct, ("@c", name));
        if (schemas > 0)
        {
            throw ServingException.Invalid($"Catalog '{name}' is not empty: it holds {schemas} schema(s); delete them first.");
        }

        if (await ExecuteAsync(connection, transaction, "DELETE FROM catalogs WHERE name = @c", ct, ("@c", name)) == 0)
        {
            throw CatalogNotFound(name);
        }

        transaction.Commit();
    }

    public async Task<CatalogSchema> CreateSchemaAsync(string catalog, string name, string? comment, string owner, long now, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        if (!await LockCatalogAsync(connection, transaction, catalog, ct))
        {
            throw CatalogNotFound(catalog);
        }

        try
        {
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO catalog_schemas ({SchemaColumns}) VALUES (@c, @n, @comment, @owner, @now, @owner, @now, @owner)
                """, ct, ("@c", catalog), ("@n", name), ("@comment", comment), ("@owner", owner), ("@now", now));
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            throw ServingException.AlreadyExists($"Schema '{catalog}.{name}' already exists.");
        }

        transaction.Commit();
        return new CatalogSchema(catalog, name, comment, owner, now, owner, now, owner);
    }

    public async Task<CatalogSchema?> GetSchemaAsync(string catalog, string name, CancellationToken ct)
    {
        using var connection = _database.Open();
        var found = await QuerySchemasAsync(connection, "WHERE catalog_name = @c AND name = @n", ct, ("@c", catalog), ("@n", name));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<CatalogSchema>> ListSchemasAsync(string? catalog, CancellationToken ct)
    {
        using var connection = _database.Open();
        // The cast gives PostgreSQL a type for a null parameter (every catalog): IS NULL alone says none.
        return await QuerySchemasAsync(connection, "WHERE CAST(@c AS TEXT) IS NULL OR catalog_name = @c", ct, ("@c", catalog));
    }

    public async Task DeleteSchemaAsync(string catalog, string name, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var models = await CountAsync(connection, transaction,
            "SELECT COUNT(*) FROM registered_models WHERE catalog_name = @c AND schema_name = @n", ct, ("@c", catalog), ("@n", name));
        if (models > 0)
        {
            throw ServingException.Invalid($"Schema '{catalog}.{name}' is not empty: it holds {models} registered model(s); delete them first.");
        }

        if (await ExecuteAsync(connection, transaction, "DELETE FROM catalog_schemas WHERE catalog_name = @c AND name = @n", ct, ("@c", catalog), ("@n", name)) == 0)
        {
            throw ServingException.NotFound($"Schema '{catalog}.{name}' does not exist.");
        }

        transaction.Commit();
    }

    /// <summary>
    /// Whether the catalog exists, its row locked until the transaction ends: a schema created in it
    /// and the catalog's delete take turns on PostgreSQL (SQLite's single writer already orders them).
    /// </summary>
    private async Task<bool> LockCatalogAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken ct)
    {
        using var command = DbCommands.Create(connection, transaction, "SELECT 1 FROM catalogs WHERE name = @c" + _database.Dialect.ForUpdate,
            ("@c", name));
        return await command.ExecuteScalarAsync(ct) is not null and not DBNull;
    }

    private static ServingException CatalogNotFound(string name) => ServingException.NotFound($"Catalog '{name}' does not exist.");

    private static async Task<List<Catalog>> QueryCatalogsAsync(DbConnection connection, string where, CancellationToken ct, params (string, object?)[] parameters)
    {
        using var command = DbCommands.Create(connection, null, $"SELECT {CatalogColumns} FROM catalogs {where} ORDER BY name", parameters);
        using var reader = await command.ExecuteReaderAsync(ct);
        var catalogs = new List<Catalog>();
        while (await reader.ReadAsync(ct))
        {
            catalogs.Add(new Catalog(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                reader.GetInt64(3), reader.GetString(4), reader.GetInt64(5), reader.GetString(6)));
        }

        return catalogs;
    }

    private static async Task<List<CatalogSchema>> QuerySchemasAsync(DbConnection connection, string where, CancellationToken ct, params (string, object?)[] parameters)
    {
        using var command = DbCommands.Create(connection, null, $"SELECT {SchemaColumns} FROM catalog_schemas {where} ORDER BY catalog_name, name", parameters);
        using var reader = await command.ExecuteReaderAsync(ct);
        var schemas = new List<CatalogSchema>();
        while (await reader.ReadAsync(ct))
        {
            schemas.Add(new CatalogSchema(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetString(5), reader.GetInt64(6), reader.GetString(7)));
        }

        return schemas;
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        using var command = DbCommands.Create(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        using var command = DbCommands.Create(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
