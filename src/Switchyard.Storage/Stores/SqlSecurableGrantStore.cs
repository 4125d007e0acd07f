using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Permissions;

namespace Switchyard.Storage.Stores;

/// <summary>Grants on catalogs and schemas in the database: one row per securable, principal and privilege.</summary>
public sealed class SqlSecurableGrantStore : ISecurableGrantStore
{
    private readonly SqlDatabase _database;

    public SqlSecurableGrantStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("securable_grants", [new("""
            CREATE TABLE IF NOT EXISTS securable_grants (
                securable_type TEXT NOT NULL,
                full_name TEXT NOT NULL,
                principal TEXT NOT NULL,
                privilege TEXT NOT NULL,
                PRIMARY KEY (securable_type, full_name, principal, privilege)
            );
            """)]);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(Securable securable, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null,
            "SELECT principal, privilege FROM securable_grants WHERE securable_type = @type AND full_name = @name ORDER BY principal, privilege",
            ("@type", securable.TypeName), ("@name", securable.FullName));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var grants = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var principal = reader.GetString(0);
            grants[principal] = [.. grants.GetValueOrDefault(principal) ?? [], reader.GetString(1)];
        }

        return grants;
    }

    public async Task UpdateAsync(Securable securable, IReadOnlyList<GrantChange> changes, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var transaction = _database.BeginWrite(connection);
        foreach (var change in changes)
        {
            foreach (var privilege in change.Add)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO securable_grants (securable_type, full_name, principal, privilege) VALUES (@type, @name, @principal, @privilege)
                    ON CONFLICT DO NOTHING
                    """,
                    securable, change.Principal, privilege, ct);
            }

            foreach (var privilege in change.Remove)
            {
                await ExecuteAsync(connection, transaction,
                    "DELETE FROM securable_grants WHERE securable_type = @type AND full_name = @name AND principal = @principal AND privilege = @privilege",
                    securable, change.Principal, privilege, ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    public async Task DeleteAllAsync(Securable securable, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, "DELETE FROM securable_grants WHERE securable_type = @type AND full_name = @name",
            ("@type", securable.TypeName), ("@name", securable.FullName));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction transaction, string sql, Securable securable, string principal, string privilege, CancellationToken ct)
    {
        await using var command = DbCommands.Create(connection, transaction, sql,
            ("@type", securable.TypeName), ("@name", securable.FullName), ("@principal", principal), ("@privilege", privilege));
        await command.ExecuteNonQueryAsync(ct);
    }
}
