using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Errors;
using Switchyard.Core.Registry;

namespace Switchyard.Storage.Stores;

/// <summary>
/// The registry in SQL. Every change runs in one write transaction that first locks the model's
/// row, so concurrent writers of a model queue instead of failing half-way; names compare
/// ordinally (SQLite's BINARY collation, PostgreSQL's "C"), exactly as given.
/// </summary>
public sealed class SqlRegistryStore : IRegistryStore
{

    private readonly SqlDatabase _database;

    public SqlRegistryStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("registry", RegistrySchema.Steps);
    }

    public async Task<RegisteredModel> CreateModelAsync(ModelName name, string? comment, string principal, long now, CancellationToken ct)
    {
        using var connection = _database.Open();
        try
        {
            await ExecuteAsync(connection, null, """
                INSERT INTO registered_models (catalog_name, schema_name, name, comment, owner, created_at, created_by, updated_at, updated_by)
                VALUES (@c, @s, @n, @comment, @who, @now, @who, @now, @who)
                """, ct, ("@c", name.Catalog), ("@s", name.Schema), ("@n", name.Name), ("@comment", comment), ("@who", principal), ("@now", now));
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            throw AlreadyExists(name);
        }

        return new RegisteredModel(name, comment, principal, now, principal, now, principal, []);
    }

    public async Task<RegisteredModel?> GetModelAsync(ModelName name, CancellationToken ct)
    {
        using var connection = _database.Open();
        var models = await QueryModelsAsync(connection, null, "m.catalog_name = @c AND m.schema_name = @s AND m.name = @n", ct,
            ("@c", name.Catalog), ("@s", name.Schema), ("@n", name.Name));
        return models.Count == 0 ? null : models[0];
    }

    public async Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(string? catalog, string? schema, CancellationToken ct)
    {
        using var connection = _database.Open();
        // The casts give PostgreSQL a type for a parameter that is null (no filter): IS NULL alone says none.
        return await QueryModelsAsync(connection, null,
            "(CAST(@c AS TEXT) IS NULL OR m.catalog_name = @c) AND (CAST(@s AS TEXT) IS NULL OR m.schema_name = @s)", ct,
            ("@c", catalog), ("@s", schema));
    }

    public async Task<RegisteredModel> UpdateModelAsync(ModelName name, ModelName? newName, string? comment, string? owner, string principal, long now, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var id = await LockModelAsync(connection, transaction, name, ct);
        var target = newName ?? name;
        try
        {
            await ExecuteAsync(connection, transaction, """
                UPDATE registered_models
                SET catalog_name = @c, schema_name = @s, name = @n, comment = COALESCE(@comment, comment),
                    owner = COALESCE(@owner, owner), updated_at = @now, updated_by = @who
                WHERE id = @id
                """, ct, ("@c", target.Catalog), ("@s", target.Schema), ("@n", target.Name), ("@comment", comment),
                ("@owner", owner), ("@now", now), ("@who", principal), ("@id", id));
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            throw AlreadyExists(target);
        }

        var models = await QueryModelsAsync(connection, transaction, "m.id = @id", ct, ("@id", id));
        transaction.Commit();
        return models[0];
    }

    public async Task<IReadOnlyList<string>> DeleteModelAsync(ModelName name, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var id = await LockModelAsync(connection, transaction, name, ct);
        var locations = await QueryStringsAsync(connection, transaction, "SELECT storage_location FROM model_versions WHERE model_id = @id", ct, ("@id", id));
        await ExecuteAsync(connection, transaction, "DELETE FROM registered_models WHERE id = @id", ct, ("@id", id));
        transaction.Commit();
        return locations;
    }

    public async Task<ModelVersion> AddVersionAsync(ModelVersion draft, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var id = await LockModelAsync(connection, transaction, draft.Model, ct);

        // The counter only grows, so a number freed by a delete is never handed out again.
        var number = Convert.ToInt32(await ScalarAsync(connection, transaction,
            "UPDATE registered_models SET next_version = next_version + 1 WHERE id = @id RETURNING next_version - 1", ct, ("@id", id)));
        await ExecuteAsync(connection, transaction, """
            INSERT INTO model_versions (model_id, version, source, storage_location, flavor, signature, comment, created_at, created_by, updated_at, updated_by, details)
            VALUES (@id, @v, @source, @location, @flavor, @signature, @comment, @created, @createdBy, @updated, @updatedBy, @details)
            """, ct, ("@id", id), ("@v", number), ("@source", draft.Source), ("@location", draft.StorageLocation), ("@flavor", draft.Flavor),
            ("@signature", RegistryRows.SerializeSignature(draft.Signature)), ("@comment", draft.Comment), ("@created", draft.CreatedAt),
            ("@createdBy", draft.CreatedBy), ("@updated", draft.UpdatedAt), ("@updatedBy", draft.UpdatedBy),
            ("@details", RegistryRows.SerializeDetails(draft.Details)));
        transaction.Commit();
        return draft with { Version = number, Aliases = [] };
    }

    public async Task<IReadOnlyList<string>> ListStorageLocationsAsync(CancellationToken ct)
    {
        using var connection = _database.Open();
        return await QueryStringsAsync(connection, null, "SELECT storage_location FROM model_versions", ct);
    }

    public async Task<ModelVersion?> GetVersionAsync(ModelName name, int version, CancellationToken ct)
    {
        using var connection = _database.Open();
        var versions = await QueryVersionsAsync(connection, null, name, "v.version = @v", ct, ("@v", version));
        return versions.Count == 0 ? null : versions[0];
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(ModelName name, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginRead(connection);
        await RequireModelIdAsync(connection, transaction, name, ct);
        var versions = await QueryVersionsAsync(connection, transaction, name, "1 = 1", ct);
        transaction.Commit();
        return versions;
    }

    public async Task<ModelVersion> UpdateVersionAsync(ModelName name, int version, string? comment, string principal, long now, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var id = await LockModelAsync(connection, transaction, name, ct);
        var changed = await ExecuteAsync(connection, transaction, """
            UPDATE model_versions SET comment = COALESCE(@comment, comment), updated_at = @now, updated_by = @who
            WHERE model_id = @id AND version = @v
            """, ct, ("@comment", comment), ("@now", now), ("@who", principal), ("@id", id), ("@v", version));
        if (changed == 0)
        {
            throw VersionNotFound(name, version);
        }

        var versions = await QueryVersionsAsync(connection, transaction, name, "v.version = @v", ct, ("@v", version));
        transaction.Commit();
        return versions[0];
    }

    public async Task<string> DeleteVersionAsync(ModelName name, int version, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var id = await LockModelAsync(connection, transaction, name, ct);
        var location = await ScalarAsync(connection, transaction,
            "DELETE FROM model_versions WHERE model_id = @id AND version = @v RETURNING storage_location", ct, ("@id", id), ("@v", version));
        if (location is not string folder)
        {
            throw VersionNotFound(name, version);
        }

        transaction.Commit();
        return folder;
    }

    public async Task<ModelAlias> SetAliasAsync(ModelName name, string alias, int version, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var id = await LockModelAsync(connection, transaction, name, ct);
        var exists = await ScalarAsync(connection, transaction, "SELECT 1 FROM model_versions WHERE model_id = @id AND version = @v", ct,
            ("@id", id), ("@v", version));
        if (exists is null)
        {
            throw VersionNotFound(name, version);
        }

        await ExecuteAsync(connection, transaction, """
            INSERT INTO model_aliases (model_id, alias, version) VALUES (@id, @alias, @v)
            ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version
            """, ct, ("@id", id), ("@alias", alias), ("@v", version));
        transaction.Commit();
        return new ModelAlias(alias, version);
    }

    public async Task<ModelVersion?> GetVersionByAliasAsync(ModelName name, string alias, CancellationToken ct)
    {
        using var connection = _database.Open();
        var versions = await QueryVersionsAsync(connection, null, name,
            "v.version = (SELECT a.version FROM model_aliases a WHERE a.model_id = m.id AND a.alias = @alias)", ct, ("@alias", alias));
        return versions.Count == 0 ? null : versions[0];
    }

    public async Task DeleteAliasAsync(ModelName name, string alias, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var id = await LockModelAsync(connection, transaction, name, ct);
        var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM model_aliases WHERE model_id = @id AND alias = @alias", ct,
            ("@id", id), ("@alias", alias));
        if (deleted == 0)
        {
            throw ServingException.NotFound($"Alias '{alias}' of registered model '{name}' does not exist.");
        }

        transaction.Commit();
    }

    private static ServingException AlreadyExists(ModelName name) => ServingException.AlreadyExists($"Registered model '{name}' already exists.");

    private static ServingException ModelNotFound(ModelName name) => ServingException.NotFound($"Registered model '{name}' does not exist.");

    private static ServingException VersionNotFound(ModelName name, int version) =>
        ServingException.NotFound($"Version {version} of registered model '{name}' does not exist.");

    /// <summary>
    /// The model's id, its row locked until the write transaction ends: on PostgreSQL, writers of one
    /// model take turns (as SQLite's single writer makes them), so a version is never added to, or an
    /// alias set on, a model another replica is deleting.
    /// </summary>
    private Task<long> LockModelAsync(DbConnection connection, DbTransaction transaction, ModelName name, CancellationToken ct) =>
        RequireModelIdAsync(connection, transaction, name, ct, _database.Dialect.ForUpdate);

    private static async Task<long> RequireModelIdAsync(
        DbConnection connection, DbTransaction? transaction, ModelName name, CancellationToken ct, string locking = "")
    {
        var id = await ScalarAsync(connection, transaction,
            "SELECT id FROM registered_models WHERE catalog_name = @c AND schema_name = @s AND name = @n" + locking, ct,
            ("@c", name.Catalog), ("@s", name.Schema), ("@n", name.Name));
        return id is long value ? value : throw ModelNotFound(name);
    }

    private static async Task<List<RegisteredModel>> QueryModelsAsync(
        DbConnection connection, DbTransaction? transaction, string where, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var aliases = new List<(long ModelId, ModelAlias Alias)>();
        using (var command = DbCommands.Create(connection, transaction,
            $"SELECT a.model_id, a.alias, a.version FROM model_aliases a JOIN registered_models m ON m.id = a.model_id WHERE {where} ORDER BY a.alias", parameters))
        using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                aliases.Add((reader.GetInt64(0), new ModelAlias(reader.GetString(1), reader.GetInt32(2))));
            }
        }

        var aliasesOf = aliases.ToLookup(static a => a.ModelId, static a => a.Alias);
        var models = new List<RegisteredModel>();
        using (var command = DbCommands.Create(connection, transaction,
            $"SELECT {RegistryRows.ModelColumns} FROM registered_models m WHERE {where} ORDER BY m.catalog_name || '.' || m.schema_name || '.' || m.name", parameters))
        using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                models.Add(RegistryRows.ReadModel(reader, [.. aliasesOf[reader.GetInt64(0)]]).Model);
            }
        }

        return models;
    }

    private static async Task<List<ModelVersion>> QueryVersionsAsync(
        DbConnection connection, DbTransaction? transaction, ModelName name, string where, CancellationToken ct, params (string Name, object? Value)[] extra)
    {
        (string, object?)[] parameters = [("@c", name.Catalog), ("@s", name.Schema), ("@n", name.Name), .. extra];
        const string OfModel = "m.catalog_name = @c AND m.schema_name = @s AND m.name = @n";
        var aliases = new List<(long ModelId, int Version, string Alias)>();
        using (var command = DbCommands.Create(connection, transaction,
            $"SELECT a.model_id, a.version, a.alias FROM model_aliases a JOIN registered_models m ON m.id = a.model_id WHERE {OfModel} ORDER BY a.alias",
            parameters))
        using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                aliases.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2)));
            }
        }

        var aliasesOf = aliases.ToLookup(static a => (a.ModelId, a.Version), static a => a.Alias);
        var versions = new List<ModelVersion>();
        using (var command = DbCommands.Create(connection, transaction,
            $"SELECT {RegistryRows.VersionColumns} FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE {OfModel} AND ({where}) ORDER BY v.version",
            parameters))
        using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                versions.Add(RegistryRows.ReadVersion(reader, aliasesOf));
            }
        }

        return versions;
    }

    private static async Task<List<string>> QueryStringsAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var values = new List<string>();
        using var command = DbCommands.Create(connection, transaction, sql, parameters);
        using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<int> ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        using var command = DbCommands.Create(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        using var command = DbCommands.Create(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }
}
