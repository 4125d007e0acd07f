using Switchyard.Storage.Sql;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>
/// On PostgreSQL every text column the stores create compares in the "C" collation, so lists and
/// page tokens come in SQLite's byte order whatever locale the database was created with.
/// </summary>
public sealed class SchemaCollationTests
{
    [Fact]
    public async Task Every_text_column_on_postgresql_sorts_in_byte_order()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        var database = db.Database;
        _ = new SqlEndpointStore(database);
        _ = new SqlRegistryStore(database);
        _ = new SqlIdentityStore(database);
        _ = new SqlSecretStore(database);
        _ = new SqlModelGrantStore(database);
        _ = new SqlSecurableGrantStore(database);
        _ = new SqlConfigHistoryStore(database);
        _ = new SqlEndpointEventStore(database);
        _ = new SqlUsageStore(database);
        _ = new SqlBudgetSpendStore(database);
        _ = new SqlExperimentStore(database);
        _ = new SqlOutputPairStore(database);
        _ = new SqlReplayStore(database);
        _ = new SqlRolloutStore(database, TimeProvider.System);
        _ = new SqlReplicaStore(database);

        await using var connection = await database.OpenAsync(default);
        await using var query = DbCommands.Create(connection, null, """
            SELECT table_name || '.' || column_name, COALESCE(collation_name, '(default)') FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type = 'text' ORDER BY 1
            """);
        await using var reader = await query.ExecuteReaderAsync();
        var columns = new List<(string Column, string Collation)>();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        Assert.Contains(columns, c => c.Column == "registered_models.name");
        Assert.All(columns, c => Assert.Equal((c.Column, "C"), c));
    }
}
