using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Switchyard.Core.Gateway;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// The usage log in the embedded SQLite database: one <c>endpoint_usage</c> row per request, read
/// by endpoint and time range through a keyset cursor (request time, then place in the log), and
/// the <c>served_entities</c> records the rows' ids join to.
/// </summary>
public sealed class SqliteUsageStore : IUsageStore
{
    private const string RowColumns = """
        seq, databricks_request_id, client_request_id, request_time, status_code, requester, endpoint_name, served_entity_id,
        served_entity_name, input_token_count, output_token_count, request_streaming, usage_context, latency_ms, time_to_first_byte_ms
        """;

    private const string InsertRow = """
        INSERT INTO endpoint_usage (databricks_request_id, client_request_id, request_time, status_code, requester, endpoint_name,
            served_entity_id, served_entity_name, input_token_count, output_token_count, request_streaming, usage_context, latency_ms,
            time_to_first_byte_ms)
        VALUES ($request_id, $client_request_id, $request_time, $status_code, $requester, $endpoint, $entity_id, $entity_name,
            $input_tokens, $output_tokens, $streaming, $usage_context, $latency, $first_byte)
        """;

    private const string UpsertEntity = """
        INSERT INTO served_entities (served_entity_id, endpoint_name, served_entity_name, entity_name, entity_version,
            endpoint_config_version, change_time)
        VALUES ($id, $endpoint, $served_name, $entity_name, $entity_version, $config_version, $change_time)
        ON CONFLICT (served_entity_id) DO UPDATE SET endpoint_name = excluded.endpoint_name,
            served_entity_name = excluded.served_entity_name, entity_name = excluded.entity_name,
            entity_version = excluded.entity_version, endpoint_config_version = excluded.endpoint_config_version,
            change_time = excluded.change_time
        """;

    private readonly SqliteDatabase _database;

    public SqliteUsageStore(SqliteDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, UsageSchema.Create);
    }

    public async Task AppendAsync(IReadOnlyList<UsageRecord> rows, IReadOnlyList<ServedEntityRecord> entities, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        await using (var insert = SqliteCommands.Create(connection, transaction, InsertRow))
        {
            foreach (var row in rows)
            {
                Bind(insert, row);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await using (var upsert = SqliteCommands.Create(connection, transaction, UpsertEntity))
        {
            foreach (var entity in entities)
            {
                Bind(upsert, entity);
                await upsert.ExecuteNonQueryAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<UsagePage> ReadAsync(UsageQuery query, CancellationToken ct)
    {
        var (where, parameters) = Filter(query);
        var sql = $"SELECT {RowColumns} FROM endpoint_usage WHERE {where} ORDER BY request_time, seq LIMIT $limit";
        await using var connection = _database.Open();
        await using var command = SqliteCommands.Create(connection, null, sql, [.. parameters, ("$limit", query.MaxResults + 1)]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<UsageRecord>();
        UsageCursor? last = null;
        while (await reader.ReadAsync(ct))
        {
            if (rows.Count == query.MaxResults)
            {
                return new UsagePage(rows, last);
            }

            rows.Add(ReadRow(reader));
            last = new UsageCursor(reader.GetInt64(3), reader.GetInt64(0));
        }

        return new UsagePage(rows, Next: null);
    }

    public async Task<IReadOnlyList<UsageTotal>> SumAsync(UsageQuery query, CancellationToken ct)
    {
        var (where, parameters) = Filter(query with { After = null });
        var sql = $"""
            SELECT served_entity_name, requester, COUNT(*), SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END),
                COALESCE(SUM(input_token_count), 0), COALESCE(SUM(output_token_count), 0)
            FROM endpoint_usage WHERE {where}
            GROUP BY served_entity_name, requester ORDER BY served_entity_name, requester
            """;
        await using var connection = _database.Open();
        await using var command = SqliteCommands.Create(connection, null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var totals = new List<UsageTotal>();
        while (await reader.ReadAsync(ct))
        {
            totals.Add(new UsageTotal(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5)));
        }

        return totals;
    }

    public async Task<IReadOnlyList<ServedEntityRecord>> ReadServedEntitiesAsync(string endpointName, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = SqliteCommands.Create(connection, null, """
            SELECT served_entity_id, endpoint_name, served_entity_name, entity_name, entity_version, endpoint_config_version, change_time
            FROM served_entities WHERE endpoint_name = $endpoint
            ORDER BY change_time, served_entity_name
            """, ("$endpoint", endpointName));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entities = new List<ServedEntityRecord>();
        while (await reader.ReadAsync(ct))
        {
            entities.Add(new ServedEntityRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return entities;
    }

    public async Task DeleteEndpointAsync(string endpointName, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        foreach (var table in (string[])["endpoint_usage", "served_entities"])
        {
            await using var delete = SqliteCommands.Create(connection, transaction, $"DELETE FROM {table} WHERE endpoint_name = $endpoint",
                ("$endpoint", endpointName));
            await delete.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>The WHERE clause (and its parameters) of the rows <paramref name="query"/> selects, after its cursor.</summary>
    private static (string Where, List<(string Name, object? Value)> Parameters) Filter(UsageQuery query)
    {
        var where = new StringBuilder("endpoint_name = $endpoint AND request_time >= $from AND request_time < $to");
        var parameters = new List<(string Name, object? Value)>
        {
            ("$endpoint", query.EndpointName),
            ("$from", query.From.ToUnixTimeMilliseconds()),
            ("$to", query.To.ToUnixTimeMilliseconds()),
        };
        if (query.Requester is { } requester)
        {
            where.Append(" AND requester = $requester");
            parameters.Add(("$requester", requester));
        }

        if (query.After is { } after)
        {
            where.Append(" AND (request_time > $after_time OR (request_time = $after_time AND seq > $after_seq))");
            parameters.Add(("$after_time", after.RequestTimeMs));
            parameters.Add(("$after_seq", after.Sequence));
        }

        return (where.ToString(), parameters);
    }

    private static void Bind(SqliteCommand command, UsageRecord row)
    {
        Set(command, "$request_id", row.DatabricksRequestId);
        Set(command, "$client_request_id", row.ClientRequestId);
        Set(command, "$request_time", row.RequestTime.ToUnixTimeMilliseconds());
        Set(command, "$status_code", row.StatusCode);
        Set(command, "$requester", row.Requester);
        Set(command, "$endpoint", row.EndpointName);
        Set(command, "$entity_id", row.ServedEntityId);
        Set(command, "$entity_name", row.ServedEntityName);
        Set(command, "$input_tokens", row.InputTokenCount);
        Set(command, "$output_tokens", row.OutputTokenCount);
        Set(command, "$streaming", row.RequestStreaming ? 1 : 0);
        Set(command, "$usage_context", row.UsageContext is null ? null : JsonSerializer.Serialize(
            new Dictionary<string, string>(row.UsageContext, StringComparer.Ordinal), StorageJsonContext.Default.DictionaryStringString));
        Set(command, "$latency", row.LatencyMs);
        Set(command, "$first_byte", row.TimeToFirstByteMs);
    }

    private static void Bind(SqliteCommand command, ServedEntityRecord entity)
    {
        Set(command, "$id", entity.ServedEntityId);
        Set(command, "$endpoint", entity.EndpointName);
        Set(command, "$served_name", entity.ServedEntityName);
        Set(command, "$entity_name", entity.EntityName);
        Set(command, "$entity_version", entity.EntityVersion);
        Set(command, "$config_version", entity.EndpointConfigVersion);
        Set(command, "$change_time", entity.ChangeTime.ToUnixTimeMilliseconds());
    }

    /// <summary>Binds a parameter of a command reused for every row of a batch (SQLite keeps it prepared).</summary>
    private static void Set(SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        if (parameters.Contains(name))
        {
            parameters[name].Value = value ?? DBNull.Value;
        }
        else
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private static UsageRecord ReadRow(SqliteDataReader reader) => new(
        DatabricksRequestId: reader.GetString(1),
        ClientRequestId: reader.IsDBNull(2) ? null : reader.GetString(2),
        RequestTime: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        StatusCode: reader.GetInt32(4),
        Requester: reader.GetString(5),
        EndpointName: reader.GetString(6),
        ServedEntityId: reader.GetString(7),
        ServedEntityName: reader.GetString(8),
        InputTokenCount: reader.IsDBNull(9) ? null : reader.GetInt32(9),
        OutputTokenCount: reader.IsDBNull(10) ? null : reader.GetInt32(10),
        RequestStreaming: reader.GetInt64(11) != 0,
        UsageContext: reader.IsDBNull(12) ? null : JsonSerializer.Deserialize(reader.GetString(12), StorageJsonContext.Default.DictionaryStringString),
        LatencyMs: reader.GetDouble(13),
        TimeToFirstByteMs: reader.IsDBNull(14) ? null : reader.GetDouble(14));
}
