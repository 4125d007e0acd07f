using System.Globalization;
using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;

namespace Switchyard.Storage.Stores;

/// <summary>
/// Principals, groups and tokens in the database (SQLite or PostgreSQL). Ids are random 16-digit
/// numbers, the shape Databricks gives (its SDKs read <c>owner_id</c> as an int64), kept below
/// 2^53 so JavaScript clients read them exactly. Every write bumps <see cref="ChangeCount"/>.
/// </summary>
public sealed class SqlIdentityStore : IIdentityStore, IPrincipalDirectory
{
    private const long IdFloor = 1_000_000_000_000_000;
    private const long IdCeiling = 9_000_000_000_000_000;

    private readonly SqlDatabase _database;
    private long _changeCount;

    public SqlIdentityStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("identity", IdentitySchema.Steps);
    }

    public long ChangeCount => Interlocked.Read(ref _changeCount);

    public event Action? Changed;

    public void NoteChangedElsewhere() => Interlocked.Increment(ref _changeCount);

    public async Task<Principal> CreatePrincipalAsync(PrincipalKind kind, string name, string displayName, bool active, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        if (await FindPrincipalAsync(connection, transaction, kind, name, ct) is not null)
        {
            throw ServingException.AlreadyExists(kind == PrincipalKind.User
                ? $"User with username {name} already exists."
                : $"Service principal with application id {name} already exists.");
        }

        var id = NewId();
        using (var insert = DbCommands.Create(connection, transaction,
            "INSERT INTO identity_principals (id, kind, name, display_name, active) VALUES (@id, @kind, @name, @display, @active)",
            ("@id", id), ("@kind", KindText(kind)), ("@name", name), ("@display", displayName), ("@active", active)))
        {
            await InsertAsync(insert, $"Principal {name} already exists.", ct);
        }

        transaction.Commit();
        Written();
        return new Principal(IdText(id), kind, name, displayName, active);
    }

    public async Task<Principal?> GetPrincipalAsync(string id, CancellationToken ct)
    {
        if (!TryParseId(id, out var number))
        {
            return null;
        }

        using var connection = _database.Open();
        var found = await QueryPrincipalsAsync(connection, null, "id = @id", ct, ("@id", number));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<Principal?> FindPrincipalAsync(PrincipalKind kind, string name, CancellationToken ct)
    {
        using var connection = _database.Open();
        return await FindPrincipalAsync(connection, null, kind, name, ct);
    }

    public async Task<IReadOnlyList<Principal>> ListPrincipalsAsync(PrincipalKind kind, CancellationToken ct)
    {
        using var connection = _database.Open();
        return await QueryPrincipalsAsync(connection, null, "kind = @kind", ct, ("@kind", KindText(kind)));
    }

    public async Task SetActiveAsync(string principalId, bool active, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var command = DbCommands.Create(connection, null, "UPDATE identity_principals SET active = @active WHERE id = @id",
            ("@active", active), ("@id", RequireId(principalId, "Principal")));
        if (await command.ExecuteNonQueryAsync(ct) == 0)
        {
            throw ServingException.NotFound($"Principal {principalId} does not exist.");
        }

        Written();
    }

    public async Task<bool> DeletePrincipalAsync(string principalId, CancellationToken ct) =>
        TryParseId(principalId, out var id) && await DeleteAsync("DELETE FROM identity_principals WHERE id = @id", id, ct);

    public async Task<PrincipalGroup> CreateGroupAsync(string displayName, IReadOnlyCollection<string> memberIds, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        using (var exists = DbCommands.Create(connection, transaction, "SELECT 1 FROM identity_groups WHERE display_name = @name", ("@name", displayName)))
        {
            if (await exists.ExecuteScalarAsync(ct) is not null)
            {
                throw ServingException.AlreadyExists($"Group with name {displayName} already exists.");
            }
        }

        var id = NewId();
        using (var insert = DbCommands.Create(connection, transaction, "INSERT INTO identity_groups (id, display_name) VALUES (@id, @name)",
            ("@id", id), ("@name", displayName)))
        {
            await InsertAsync(insert, $"Group with name {displayName} already exists.", ct);
        }

        await InsertMembersAsync(connection, transaction, id, memberIds, ct);
        transaction.Commit();
        Written();
        return new PrincipalGroup(IdText(id), displayName, [.. memberIds.Distinct(StringComparer.Ordinal)]);
    }

    public async Task<PrincipalGroup?> GetGroupAsync(string id, CancellationToken ct)
    {
        if (!TryParseId(id, out var number))
        {
            return null;
        }

        using var connection = _database.Open();
        var found = await QueryGroupsAsync(connection, "g.id = @id", ct, ("@id", number));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<PrincipalGroup>> ListGroupsAsync(CancellationToken ct)
    {
        using var connection = _database.Open();
        return await QueryGroupsAsync(connection, "1 = 1", ct);
    }

    public async Task<bool> DeleteGroupAsync(string id, CancellationToken ct) =>
        TryParseId(id, out var number) && await DeleteAsync("DELETE FROM identity_groups WHERE id = @id", number, ct);

    public async Task AddMembersAsync(string groupId, IReadOnlyCollection<string> principalIds, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var group = await RequireGroupAsync(connection, transaction, groupId, ct);
        await InsertMembersAsync(connection, transaction, group, principalIds, ct);
        transaction.Commit();
        Written();
    }

    public async Task RemoveMembersAsync(string groupId, IReadOnlyCollection<string> principalIds, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var transaction = _database.BeginWrite(connection);
        var group = await RequireGroupAsync(connection, transaction, groupId, ct);
        foreach (var principalId in principalIds)
        {
            if (TryParseId(principalId, out var member))
            {
                using var delete = DbCommands.Create(connection, transaction,
                    "DELETE FROM identity_group_members WHERE group_id = @group AND principal_id = @member", ("@group", group), ("@member", member));
                await delete.ExecuteNonQueryAsync(ct);
            }
        }

        transaction.Commit();
        Written();
    }

    public async Task<IReadOnlyList<PrincipalGroup>> GroupsOfAsync(string principalId, CancellationToken ct)
    {
        if (!TryParseId(principalId, out var id))
        {
            return [];
        }

        using var connection = _database.Open();
        return await QueryGroupsAsync(connection,
            "g.id IN (SELECT group_id FROM identity_group_members WHERE principal_id = @member)", ct, ("@member", id));
    }

    public async Task CreateTokenAsync(ApiToken token, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var command = DbCommands.Create(connection, null, """
            INSERT INTO identity_tokens (token_id, principal_id, secret_hash, comment, creation_time, expiry_time, created_by)
            VALUES (@token, @principal, @hash, @comment, @created, @expiry, @by)
            """, ("@token", token.TokenId), ("@principal", RequireId(token.PrincipalId, "Principal")), ("@hash", token.SecretHash),
            ("@comment", token.Comment), ("@created", token.CreationTime), ("@expiry", token.ExpiryTime),
            ("@by", RequireId(token.CreatedById, "Principal")));
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            // Either the id clashed (a supplied admin token installed twice) or the owner is gone.
            throw ServingException.Conflict("The token could not be stored: its id is taken or its owner does not exist.");
        }

        Written();
    }

    public async Task<ApiToken?> GetTokenAsync(string tokenId, CancellationToken ct)
    {
        using var connection = _database.Open();
        var found = await QueryTokensAsync(connection, "token_id = @token", ct, ("@token", tokenId));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? principalId, CancellationToken ct)
    {
        using var connection = _database.Open();
        if (principalId is null)
        {
            return await QueryTokensAsync(connection, "1 = 1", ct);
        }

        return TryParseId(principalId, out var id)
            ? await QueryTokensAsync(connection, "principal_id = @principal", ct, ("@principal", id))
            : [];
    }

    public async Task<bool> DeleteTokenAsync(string tokenId, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var command = DbCommands.Create(connection, null, "DELETE FROM identity_tokens WHERE token_id = @token", ("@token", tokenId));
        var deleted = await command.ExecuteNonQueryAsync(ct) > 0;
        Written();
        return deleted;
    }

    public async Task<bool> UserExistsAsync(string userName, CancellationToken ct) =>
        await FindPrincipalAsync(PrincipalKind.User, userName, ct) is not null;

    public async Task<bool> ServicePrincipalExistsAsync(string applicationId, CancellationToken ct) =>
        await FindPrincipalAsync(PrincipalKind.ServicePrincipal, applicationId, ct) is not null;

    public async Task<bool> GroupExistsAsync(string groupName, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var command = DbCommands.Create(connection, null, "SELECT 1 FROM identity_groups WHERE display_name = @name", ("@name", groupName));
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private void Written()
    {
        Interlocked.Increment(ref _changeCount);
        Changed?.Invoke();
    }

    /// <summary>
    /// Runs an insert whose uniqueness was checked just before. A constraint failure here is a
    /// lost race with another writer (or a random id clash, about one in 10^16): a conflict to retry.
    /// </summary>
    private async Task InsertAsync(DbCommand insert, string conflict, CancellationToken ct)
    {
        try
        {
            await insert.ExecuteNonQueryAsync(ct);
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            throw ServingException.AlreadyExists(conflict);
        }
    }

    private async Task<bool> DeleteAsync(string sql, long id, CancellationToken ct)
    {
        using var connection = _database.Open();
        using var command = DbCommands.Create(connection, null, sql, ("@id", id));
        var deleted = await command.ExecuteNonQueryAsync(ct) > 0;
        Written();
        return deleted;
    }

    private async Task InsertMembersAsync(
        DbConnection connection, DbTransaction transaction, long groupId, IReadOnlyCollection<string> memberIds, CancellationToken ct)
    {
        foreach (var memberId in memberIds)
        {
            var member = RequireId(memberId, "Principal");
            // Locked so that a principal deleted meanwhile (on another replica) waits for this insert instead of failing it.
            using (var exists = DbCommands.Create(connection, transaction, "SELECT 1 FROM identity_principals WHERE id = @id" + _database.Dialect.ForUpdate,
                ("@id", member)))
            {
                if (await exists.ExecuteScalarAsync(ct) is null)
                {
                    throw ServingException.NotFound($"Principal {memberId} does not exist.");
                }
            }

            using var insert = DbCommands.Create(connection, transaction,
                "INSERT INTO identity_group_members (group_id, principal_id) VALUES (@group, @member) ON CONFLICT DO NOTHING",
                ("@group", groupId), ("@member", member));
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task<long> RequireGroupAsync(DbConnection connection, DbTransaction transaction, string groupId, CancellationToken ct)
    {
        var id = RequireId(groupId, "Group");
        using var exists = DbCommands.Create(connection, transaction, "SELECT 1 FROM identity_groups WHERE id = @id" + _database.Dialect.ForUpdate,
            ("@id", id));
        return await exists.ExecuteScalarAsync(ct) is null ? throw ServingException.NotFound($"Group {groupId} does not exist.") : id;
    }

    private static async Task<Principal?> FindPrincipalAsync(
        DbConnection connection, DbTransaction? transaction, PrincipalKind kind, string name, CancellationToken ct)
    {
        var found = await QueryPrincipalsAsync(connection, transaction, "kind = @kind AND name = @name", ct, ("@kind", KindText(kind)), ("@name", name));
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<List<Principal>> QueryPrincipalsAsync(
        DbConnection connection, DbTransaction? transaction, string where, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        using var command = DbCommands.Create(connection, transaction,
            $"SELECT id, kind, name, display_name, active FROM identity_principals WHERE {where} ORDER BY name", parameters);
        using var reader = await command.ExecuteReaderAsync(ct);
        var principals = new List<Principal>();
        while (await reader.ReadAsync(ct))
        {
            principals.Add(new Principal(IdText(reader.GetInt64(0)), ParseKind(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetInt64(4) != 0));
        }

        return principals;
    }

    private static async Task<List<PrincipalGroup>> QueryGroupsAsync(
        DbConnection connection, string where, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        using var command = DbCommands.Create(connection, null, $"""
            SELECT g.id, g.display_name, m.principal_id
            FROM identity_groups g LEFT JOIN identity_group_members m ON m.group_id = g.id
            WHERE {where} ORDER BY g.display_name, g.id, m.principal_id
            """, parameters);
        using var reader = await command.ExecuteReaderAsync(ct);
        var groups = new List<PrincipalGroup>();
        List<string>? members = null;
        long current = 0;
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            if (members is null || id != current)
            {
                members = [];
                current = id;
                groups.Add(new PrincipalGroup(IdText(id), reader.GetString(1), members));
            }

            if (!reader.IsDBNull(2))
            {
                members.Add(IdText(reader.GetInt64(2)));
            }
        }

        return groups;
    }

    private static async Task<List<ApiToken>> QueryTokensAsync(
        DbConnection connection, string where, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        using var command = DbCommands.Create(connection, null, $"""
            SELECT token_id, principal_id, secret_hash, comment, creation_time, expiry_time, created_by
            FROM identity_tokens WHERE {where} ORDER BY creation_time, token_id
            """, parameters);
        using var reader = await command.ExecuteReaderAsync(ct);
        var tokens = new List<ApiToken>();
        while (await reader.ReadAsync(ct))
        {
            tokens.Add(new ApiToken(
                reader.GetString(0),
                IdText(reader.GetInt64(1)),
                (byte[])reader.GetValue(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                IdText(reader.GetInt64(6))));
        }

        return tokens;
    }

    private static long NewId() => Random.Shared.NextInt64(IdFloor, IdCeiling);

    private static string IdText(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static long RequireId(string text, string what) =>
        TryParseId(text, out var id) ? id : throw ServingException.NotFound($"{what} {text} does not exist.");

    private static string KindText(PrincipalKind kind) => kind == PrincipalKind.User ? "user" : "service_principal";

    private static PrincipalKind ParseKind(string text) => text == "user" ? PrincipalKind.User : PrincipalKind.ServicePrincipal;
}
