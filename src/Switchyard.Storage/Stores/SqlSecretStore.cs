using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Secrets;

namespace Switchyard.Storage.Stores;

/// <summary>
/// Secret scopes, ACLs and sealed values in the database (SQLite or PostgreSQL). Names compare
/// ordinally (BINARY on SQLite, "C" on PostgreSQL), exactly as given.
/// </summary>
public sealed class SqlSecretStore : ISecretStore
{

    private readonly SqlDatabase _database;

    public SqlSecretStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("secrets", SecretSchema.Steps);
    }

    public async Task<bool> CreateScopeAsync(SecretScope scope, IReadOnlyList<SecretAclEntry> acl, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var transaction = _database.BeginWrite(connection);
        try
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO secret_scopes (name, creator, created_at) VALUES (@scope, @creator, @now)", ct,
                ("@scope", scope.Name), ("@creator", scope.Creator), ("@now", scope.CreatedAt));
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            return false;
        }

        foreach (var entry in acl)
        {
            await UpsertAclAsync(connection, transaction, scope.Name, entry, ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<SecretScope?> GetScopeAsync(string scope, CancellationToken ct)
    {
        var scopes = await QueryScopesAsync("WHERE name = @scope", ct, ("@scope", scope));
        return scopes.Count == 0 ? null : scopes[0];
    }

    public Task<IReadOnlyList<SecretScope>> ListScopesAsync(CancellationToken ct) => QueryScopesAsync("", ct);

    public async Task<bool> DeleteScopeAsync(string scope, CancellationToken ct)
    {
        await using var connection = _database.Open();
        return await ExecuteAsync(connection, null, "DELETE FROM secret_scopes WHERE name = @scope", ct, ("@scope", scope)) > 0;
    }

    public async Task<IReadOnlyList<SecretAclEntry>> ListAclAsync(string scope, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null,
            "SELECT principal, permission FROM secret_acls WHERE scope = @scope ORDER BY principal", ("@scope", scope));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<SecretAclEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new SecretAclEntry(reader.GetString(0), (SecretPermission)reader.GetInt32(1)));
        }

        return entries;
    }

    public async Task<bool> PutAclAsync(string scope, SecretAclEntry entry, CancellationToken ct)
    {
        await using var connection = _database.Open();
        try
        {
            await UpsertAclAsync(connection, null, scope, entry, ct);
            return true;
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            return false;
        }
    }

    public async Task<bool> DeleteAclAsync(string scope, string principal, CancellationToken ct)
    {
        await using var connection = _database.Open();
        return await ExecuteAsync(connection, null, "DELETE FROM secret_acls WHERE scope = @scope AND principal = @principal", ct,
            ("@scope", scope), ("@principal", principal)) > 0;
    }

    public async Task<bool> PutSecretAsync(string scope, string key, SealedSecret value, long lastUpdated, CancellationToken ct)
    {
        await using var connection = _database.Open();
        try
        {
            await ExecuteAsync(connection, null, """
                INSERT INTO secrets (scope, key, ciphertext, nonce, tag, last_updated) VALUES (@scope, @key, @ciphertext, @nonce, @tag, @now)
                ON CONFLICT (scope, key) DO UPDATE SET ciphertext = excluded.ciphertext, nonce = excluded.nonce, tag = excluded.tag,
                    last_updated = excluded.last_updated
                """, ct, ("@scope", scope), ("@key", key), ("@ciphertext", value.Ciphertext), ("@nonce", value.Nonce), ("@tag", value.Tag),
                ("@now", lastUpdated));
            return true;
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            return false;
        }
    }

    public async Task<SealedSecret?> GetSecretAsync(string scope, string key, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null,
            "SELECT ciphertext, nonce, tag FROM secrets WHERE scope = @scope AND key = @key", ("@scope", scope), ("@key", key));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new SealedSecret((byte[])reader.GetValue(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2))
            : null;
    }

    public async Task<IReadOnlyList<SecretMetadata>> ListSecretsAsync(string scope, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null,
            "SELECT key, last_updated FROM secrets WHERE scope = @scope ORDER BY key", ("@scope", scope));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var secrets = new List<SecretMetadata>();
        while (await reader.ReadAsync(ct))
        {
            secrets.Add(new SecretMetadata(reader.GetString(0), reader.GetInt64(1)));
        }

        return secrets;
    }

    public async Task<bool> DeleteSecretAsync(string scope, string key, CancellationToken ct)
    {
        await using var connection = _database.Open();
        return await ExecuteAsync(connection, null, "DELETE FROM secrets WHERE scope = @scope AND key = @key", ct,
            ("@scope", scope), ("@key", key)) > 0;
    }

    private async Task<IReadOnlyList<SecretScope>> QueryScopesAsync(string where, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, $"SELECT name, creator, created_at FROM secret_scopes {where} ORDER BY name", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var scopes = new List<SecretScope>();
        while (await reader.ReadAsync(ct))
        {
            scopes.Add(new SecretScope(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return scopes;
    }

    private static Task<int> UpsertAclAsync(DbConnection connection, DbTransaction? transaction, string scope, SecretAclEntry entry, CancellationToken ct) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO secret_acls (scope, principal, permission) VALUES (@scope, @principal, @permission)
            ON CONFLICT (scope, principal) DO UPDATE SET permission = excluded.permission
            """, ct, ("@scope", scope), ("@principal", entry.Principal), ("@permission", (int)entry.Permission));

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = DbCommands.Create(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
