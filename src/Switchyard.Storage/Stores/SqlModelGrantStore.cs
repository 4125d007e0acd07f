using Switchyard.Storage.Sql;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;

namespace Switchyard.Storage.Stores;

/// <summary>Grants on registered models in the database: one row per model, principal and privilege.</summary>
public sealed class SqlModelGrantStore : IModelGrantStore
{
    private readonly SqlDatabase _database;

    public SqlModelGrantStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("model_grants", [new("""
            CREATE TABLE IF NOT EXISTS model_grants (
                model TEXT NOT NULL,
                principal TEXT NOT NULL,
                privilege TEXT NOT NULL,
                PRIMARY KEY (model, principal, privilege)
            );
            """)]);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(ModelName model, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null,
            "SELECT principal, privilege FROM model_grants WHERE model = @model ORDER BY principal, privilege", ("@model", model.FullName));
        return await GrantRows.ReadAsync(command, ct);
    }

    public Task UpdateAsync(ModelName model, IReadOnlyList<GrantChange> changes, CancellationToken ct) =>
        GrantRows.ApplyAsync(_database, changes,
            "INSERT INTO model_grants (model, principal, privilege) VALUES (@model, @principal, @privilege) ON CONFLICT DO NOTHING",
            "DELETE FROM model_grants WHERE model = @model AND principal = @principal AND privilege = @privilege",
            [("@model", model.FullName)], ct);

    public async Task RenameAsync(ModelName from, ModelName to, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE model_grants SET model = @to WHERE model = @from";
        command.AddParameter("@from", from.FullName);
        command.AddParameter("@to", to.FullName);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteAllAsync(ModelName model, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM model_grants WHERE model = @model";
        command.AddParameter("@model", model.FullName);
        await command.ExecuteNonQueryAsync(ct);
    }
}
