using System.Data.Common;
using Switchyard.Storage.Sql;
using System.Text.Json.Nodes;
using Switchyard.Core.Experiments;

namespace Switchyard.Storage.Stores;

/// <summary>Each endpoint's latest progressive rollout in the database: one <c>endpoint_rollouts</c> row per endpoint.</summary>
public sealed class SqlRolloutStore : IRolloutStore
{
    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    public SqlRolloutStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        database.Migrate("rollouts", RolloutSchema.Steps);
    }

    public async Task SaveAsync(string endpointId, JsonObject rollout, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, """
            INSERT INTO endpoint_rollouts (endpoint_id, rollout, updated_at) VALUES (@endpoint, @rollout, @time)
            ON CONFLICT (endpoint_id) DO UPDATE SET rollout = excluded.rollout, updated_at = excluded.updated_at
            """,
            ("@endpoint", endpointId), ("@rollout", rollout.ToJsonString()), ("@time", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, JsonObject>> ReadAllAsync(CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, "SELECT endpoint_id, rollout FROM endpoint_rollouts");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rollouts = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            if (JsonNode.Parse(reader.GetString(1)) is JsonObject rollout)
            {
                rollouts[reader.GetString(0)] = rollout;
            }
        }

        return rollouts;
    }

    public async Task DeleteAsync(string endpointId, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var delete = DbCommands.Create(connection, null, "DELETE FROM endpoint_rollouts WHERE endpoint_id = @endpoint",
            ("@endpoint", endpointId));
        await delete.ExecuteNonQueryAsync(ct);
    }
}
