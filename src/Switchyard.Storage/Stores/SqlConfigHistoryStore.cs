using System.Text.Json;
using System.Text.Json.Nodes;
using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Endpoints;

namespace Switchyard.Storage.Stores;

/// <summary>Each endpoint's accepted configs in the database: one <c>endpoint_config_history</c> row per version.</summary>
public sealed class SqlConfigHistoryStore : IConfigHistoryStore
{
    private const string Columns = "config_version, author, created_at, reason, config, diff";

    private readonly SqlDatabase _database;

    public SqlConfigHistoryStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("config_history", ConfigHistorySchema.Steps);
    }

    public async Task SaveAsync(ConfigHistoryEntry entry, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, $"""
            INSERT INTO endpoint_config_history (endpoint_id, {Columns})
            VALUES (@endpoint, @version, @author, @time, @reason, @config, @diff)
            ON CONFLICT (endpoint_id, config_version) DO UPDATE SET author = excluded.author, created_at = excluded.created_at,
                reason = excluded.reason, config = excluded.config, diff = excluded.diff
            """,
            ("@endpoint", entry.EndpointId), ("@version", entry.ConfigVersion), ("@author", entry.Author), ("@time", entry.Timestamp),
            ("@reason", entry.Reason), ("@config", JsonSerializer.Serialize(entry.Config, StoredJsonContext.Default.EndpointConfig)),
            ("@diff", entry.Diff.ToJsonString()));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<ConfigHistoryEntry>> ReadAsync(string endpointId, int maxResults, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, $"""
            SELECT {Columns} FROM endpoint_config_history WHERE endpoint_id = @endpoint
            ORDER BY config_version DESC LIMIT @limit
            """, ("@endpoint", endpointId), ("@limit", maxResults));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<ConfigHistoryEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(Entry(endpointId, reader));
        }

        return entries;
    }

    public async Task<ConfigHistoryEntry?> FindAsync(string endpointId, long configVersion, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, $"""
            SELECT {Columns} FROM endpoint_config_history WHERE endpoint_id = @endpoint AND config_version = @version
            """, ("@endpoint", endpointId), ("@version", configVersion));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Entry(endpointId, reader) : null;
    }

    public async Task DeleteEndpointAsync(string endpointId, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var delete = DbCommands.Create(connection, null, "DELETE FROM endpoint_config_history WHERE endpoint_id = @endpoint",
            ("@endpoint", endpointId));
        await delete.ExecuteNonQueryAsync(ct);
    }

    private static ConfigHistoryEntry Entry(string endpointId, DbDataReader reader) => new(
        endpointId, reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3),
        JsonSerializer.Deserialize(reader.GetString(4), StoredJsonContext.Default.EndpointConfig)
            ?? throw new InvalidDataException("A config history row holds an empty config."),
        JsonNode.Parse(reader.GetString(5)) as JsonArray ?? []);
}
