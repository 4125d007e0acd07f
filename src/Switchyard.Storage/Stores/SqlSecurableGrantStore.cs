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
            Key(securable));
        return await GrantRows.ReadAsync(command, ct);
    }

    public Task UpdateAsync(Securable securable, IReadOnlyList<GrantChange> changes, CancellationToken ct) =>
        GrantRows.ApplyAsync(_database, changes, """
            INSERT INTO securable_grants (securable_type, full_name, principal, privilege) VALUES (@type, @name, @principal, @privilege)
            ON CONFLICT DO NOTHING
            """,
            "DELETE FROM securable_grants WHERE securable_type = @type AND full_name = @name AND principal = @principal AND privilege = @privilege",
            Key(securable), ct);

    public async Task DeleteAllAsync(Securable securable, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, "DELETE FROM securable_grants WHERE securable_type = @type AND full_name = @name",
            Key(securable));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static (string Name, object? Value)[] Key(Securable securable) => [("@type", securable.TypeName), ("@name", securable.FullName)];
}
