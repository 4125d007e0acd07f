using System.Text;
using System.Text.Json;
using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Gateway;

namespace Switchyard.Storage.Stores;

/// <summary>
/// The usage log in the database (SQLite or PostgreSQL): one <c>endpoint_usage</c> row per request, read
/// by endpoint and time range through a keyset cursor (request time, then place in the log), and
/// the <c>served_entities</c> records the rows' ids join to.
/// </summary>
public sealed class SqlUsageStore : IUsageStore
{
    private const string RowColumns = """
        seq, databricks_request_id, client_request_id, request_time, status_code, requester, endpoint_name, served_entity_id,
        served_entity_name, input_token_count, output_token_count, request_streaming, usage_context, latency_ms, time_to_first_byte_ms,
        config_version, unit_key
        """;

    private const string InsertRow = """
        INSERT INTO endpoint_usage (databricks_request_id, client_request_id, request_time, status_code, requester, endpoint_name,
            served_entity_id, served_entity_name, input_token_count, output_token_count, request_streaming, usage_context, latency_ms,
            time_to_first_byte_ms, config_version, unit_key)
        VALUES (@request_id, @client_request_id, @request_time, @status_code, @requester, @endpoint, @entity_id, @entity_name,
            @input_tokens, @output_tokens, @streaming, @usage_context, @latency, @first_byte, @config_version, @unit_key)
        """;

    private static readonly string[] InsertRowParameters =
    [
        "@request_id", "@client_request_id", "@request_time", "@status_code", "@requester", "@endpoint", "@entity_id", "@entity_name",
        "@input_tokens", "@output_tokens", "@streaming", "@usage_context", "@latency", "@first_byte", "@config_version", "@unit_key",
    ];

    private const string UpsertEntity = """
        INSERT INTO served_entities (served_entity_id, endpoint_name, served_entity_name, entity_name, entity_version,
            endpoint_config_version, change_time)
        VALUES (@id, @endpoint, @served_name, @entity_name, @entity_version, @config_version, @change_time)
        ON CONFLICT (served_entity_id) DO UPDATE SET endpoint_name = excluded.endpoint_name,
            served_entity_name = excluded.served_entity_name, entity_name = excluded.entity_name,
            entity_version = excluded.entity_version, endpoint_config_version = excluded.endpoint_config_version,
            change_time = excluded.change_time
        """;

    private static readonly string[] UpsertEntityParameters =
        ["@id", "@endpoint", "@served_name", "@entity_name", "@entity_version", "@config_version", "@change_time"];

    private readonly SqlDatabase _database;

    public SqlUsageStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("usage", UsageSchema.Steps);
    }

    public async Task AppendAsync(IReadOnlyList<UsageRecord> rows, IReadOnlyList<ServedEntityRecord> entities, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var transaction = _database.BeginWrite(connection);
        using (var insert = new BatchStatement(connection, transaction, InsertRow, InsertRowParameters))
        {
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                insert.Run(
                    row.DatabricksRequestId, row.ClientRequestId, row.RequestTime.ToUnixTimeMilliseconds(), row.StatusCode, row.Requester,
                    row.EndpointName, row.ServedEntityId, row.ServedEntityName, row.InputTokenCount, row.OutputTokenCount,
                    row.RequestStreaming ? 1 : 0, UsageContextJson(row.UsageContext), row.LatencyMs, row.TimeToFirstByteMs, row.ConfigVersion,
                    row.UnitKey);
            }
        }

        using (var upsert = new BatchStatement(connection, transaction, UpsertEntity, UpsertEntityParameters))
        {
            foreach (var entity in entities)
            {
                upsert.Run(
                    entity.ServedEntityId, entity.EndpointName, entity.ServedEntityName, entity.EntityName, entity.EntityVersion,
                    entity.EndpointConfigVersion, entity.ChangeTime.ToUnixTimeMilliseconds());
            }
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<UsagePage> ReadAsync(UsageQuery query, CancellationToken ct)
    {
        var (where, parameters) = Filter(query);
        var sql = $"SELECT {RowColumns} FROM endpoint_usage WHERE {where} ORDER BY request_time, seq LIMIT @limit";
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, sql, [.. parameters, ("@limit", query.MaxResults + 1)]);
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
        await using var command = DbCommands.Create(connection, null, sql, [.. parameters]);
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
        await using var command = DbCommands.Create(connection, null, """
            SELECT served_entity_id, endpoint_name, served_entity_name, entity_name, entity_version, endpoint_config_version, change_time
            FROM served_entities WHERE endpoint_name = @endpoint
            ORDER BY change_time, served_entity_name
            """, ("@endpoint", endpointName));
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
        await using var transaction = _database.BeginWrite(connection);
        foreach (var table in (string[])["endpoint_usage", "served_entities"])
        {
            await using var delete = DbCommands.Create(connection, transaction, $"DELETE FROM {table} WHERE endpoint_name = @endpoint",
                ("@endpoint", endpointName));
            await delete.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>The WHERE clause (and its parameters) of the rows <paramref name="query"/> selects, after its cursor.</summary>
    private static (string Where, List<(string Name, object? Value)> Parameters) Filter(UsageQuery query)
    {
        var where = new StringBuilder("endpoint_name = @endpoint AND request_time >= @from AND request_time < @to");
        var parameters = new List<(string Name, object? Value)>
        {
            ("@endpoint", query.EndpointName),
            ("@from", query.From.ToUnixTimeMilliseconds()),
            ("@to", query.To.ToUnixTimeMilliseconds()),
        };
        if (query.Requester is { } requester)
        {
            where.Append(" AND requester = @requester");
            parameters.Add(("@requester", requester));
        }

        if (query.After is { } after)
        {
            where.Append(" AND (request_time > @after_time OR (request_time = @after_time AND seq > @after_seq))");
            parameters.Add(("@after_time", after.RequestTimeMs));
            parameters.Add(("@after_seq", after.Sequence));
        }

        return (where.ToString(), parameters);
    }

    private static string? UsageContextJson(IReadOnlyDictionary<string, string>? context) =>
        context is null ? null : JsonSerializer.Serialize(
            context as Dictionary<string, string> ?? new Dictionary<string, string>(context, StringComparer.Ordinal),
            StorageJsonContext.Default.DictionaryStringString);

    private static UsageRecord ReadRow(DbDataReader reader) => new(
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
        TimeToFirstByteMs: reader.IsDBNull(14) ? null : reader.GetDouble(14))
    {
        ConfigVersion = reader.IsDBNull(15) ? null : reader.GetInt64(15),
        UnitKey = reader.IsDBNull(16) ? null : reader.GetString(16),
    };
}
