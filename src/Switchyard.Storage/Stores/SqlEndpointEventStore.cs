using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Endpoints;

namespace Switchyard.Storage.Stores;

/// <summary>
/// The endpoints' timelines in the database (SQLite or PostgreSQL): one <c>endpoint_events</c> row per
/// event, read newest first, trimmed to a bound per endpoint with every append.
/// </summary>
public sealed class SqlEndpointEventStore : IEndpointEventStore
{
    private const string Insert = """
        INSERT INTO endpoint_events (endpoint_id, event_time, event_type, message, config_version, served_entity_name, actor)
        VALUES (@endpoint, @time, @type, @message, @config_version, @served, @actor)
        """;

    // Everything of the endpoint but its newest @keep rows, in the order the route reads them.
    private const string Trim = """
        DELETE FROM endpoint_events WHERE endpoint_id = @endpoint AND seq NOT IN (
            SELECT seq FROM endpoint_events WHERE endpoint_id = @endpoint ORDER BY event_time DESC, seq DESC LIMIT @keep)
        """;

    private readonly SqlDatabase _database;

    public SqlEndpointEventStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("endpoint_events", EventSchema.Steps);
    }

    public async Task AppendAsync(IReadOnlyList<EndpointEvent> events, int keepPerEndpoint, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepPerEndpoint, 1);
        if (events.Count == 0)
        {
            return;
        }

        await using var connection = _database.Open();
        await using var transaction = _database.BeginWrite(connection);
        var endpoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in events)
        {
            await using var insert = DbCommands.Create(connection, transaction, Insert,
                ("@endpoint", item.EndpointId), ("@time", item.Timestamp), ("@type", item.Type.ToWire()), ("@message", item.Message),
                ("@config_version", item.ConfigVersion), ("@served", item.ServedEntityName), ("@actor", item.Actor));
            await insert.ExecuteNonQueryAsync(ct);
            endpoints.Add(item.EndpointId);
        }

        foreach (var endpoint in endpoints)
        {
            await using var trim = DbCommands.Create(connection, transaction, Trim, ("@endpoint", endpoint), ("@keep", keepPerEndpoint));
            await trim.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<EndpointEvent>> ReadAsync(string endpointId, int maxResults, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, """
            SELECT event_time, event_type, message, config_version, served_entity_name, actor
            FROM endpoint_events WHERE endpoint_id = @endpoint
            ORDER BY event_time DESC, seq DESC LIMIT @limit
            """, ("@endpoint", endpointId), ("@limit", maxResults));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<EndpointEvent>();
        while (await reader.ReadAsync(ct))
        {
            // A type written by a newer build is skipped rather than shown as something it is not.
            if (EndpointEventTypeNames.TryParse(reader.GetString(1), out var type))
            {
                events.Add(new EndpointEvent(endpointId, reader.GetInt64(0), type, reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt64(3), Text(reader, 4), Text(reader, 5)));
            }
        }

        return events;
    }

    public async Task DeleteEndpointAsync(string endpointId, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var delete = DbCommands.Create(connection, null, "DELETE FROM endpoint_events WHERE endpoint_id = @endpoint",
            ("@endpoint", endpointId));
        await delete.ExecuteNonQueryAsync(ct);
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
