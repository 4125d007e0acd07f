using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;

namespace Switchyard.Storage.Sqlite;

/// <summary>Grants on registered models in SQLite: one row per model, principal and privilege.</summary>
public sealed class SqliteModelGrantStore : IModelGrantStore
{
    private readonly SqliteDatabase _database;

    public SqliteModelGrantStore(SqliteDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS model_grants (
                model TEXT NOT NULL,
                principal TEXT NOT NULL,
                privilege TEXT NOT NULL,
                PRIMARY KEY (model, principal, privilege)
            );
            """);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(ModelName model, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT principal, privilege FROM model_grants WHERE model = $model ORDER BY principal, privilege";
        command.Parameters.AddWithValue("$model", model.FullName);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var grants = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var principal = reader.GetString(0);
            grants[principal] = [.. grants.GetValueOrDefault(principal) ?? [], reader.GetString(1)];
        }

        return grants;
    }

    public async Task UpdateAsync(ModelName model, IReadOnlyList<GrantChange> changes, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var change in changes)
        {
            foreach (var privilege in change.Add)
            {
                await ExecuteAsync(connection, "INSERT OR IGNORE INTO model_grants (model, principal, privilege) VALUES ($model, $principal, $privilege)", model.FullName, change.Principal, privilege, ct);
            }

            foreach (var privilege in change.Remove)
            {
                await ExecuteAsync(connection, "DELETE FROM model_grants WHERE model = $model AND principal = $principal AND privilege = $privilege", model.FullName, change.Principal, privilege, ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    public async Task RenameAsync(ModelName from, ModelName to, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE model_grants SET model = $to WHERE model = $from";
        command.Parameters.AddWithValue("$from", from.FullName);
        command.Parameters.AddWithValue("$to", to.FullName);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteAllAsync(ModelName model, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM model_grants WHERE model = $model";
        command.Parameters.AddWithValue("$model", model.FullName);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, string sql, string model, string principal, string privilege, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$model", model);
        command.Parameters.AddWithValue("$principal", principal);
        command.Parameters.AddWithValue("$privilege", privilege);
        await command.ExecuteNonQueryAsync(ct);
    }
}
