using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Experiments;

namespace Switchyard.Storage.Stores;

/// <summary>
/// Feedback in the database (SQLite or PostgreSQL), and the usage log's rows read back for the readout
/// (the same file: the usage store writes <c>endpoint_usage</c>, this store only reads it).
/// </summary>
public sealed class SqlExperimentStore : IExperimentStore
{
    private readonly SqlDatabase _database;

    public SqlExperimentStore(SqlDatabase database)
    {
        _database = database;
        // The usage table may not be made yet (the usage store is created when first asked for).
        database.Migrate("usage", UsageSchema.Steps);
        database.Migrate("experiments", ExperimentSchema.Steps);
    }

    public async Task RecordFeedbackAsync(FeedbackRecord feedback, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, """
            INSERT INTO experiment_feedback (endpoint_name, request_id, metric, value, time, requester)
            VALUES (@endpoint, @request_id, @metric, @value, @time, @requester)
            ON CONFLICT (endpoint_name, request_id, metric) DO UPDATE SET value = excluded.value, time = excluded.time,
                requester = excluded.requester
            """,
            ("@endpoint", feedback.EndpointName), ("@request_id", feedback.RequestId), ("@metric", feedback.Metric),
            ("@value", feedback.Value), ("@time", feedback.Time.ToUnixTimeMilliseconds()), ("@requester", feedback.Requester));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ExperimentCapture> ReadAsync(string endpointName, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        (string, object?)[] window =
        [
            ("@endpoint", endpointName), ("@from", from.ToUnixTimeMilliseconds()), ("@to", to.ToUnixTimeMilliseconds()),
        ];
        await using var connection = _database.Open();
        // One read transaction, so the feedback joins exactly the rows read.
        await using var transaction = _database.BeginRead(connection);
        var queries = new List<CapturedQuery>();
        await using (var rows = DbCommands.Create(connection, transaction, """
            SELECT databricks_request_id, served_entity_name, config_version, unit_key, status_code, latency_ms,
                input_token_count, output_token_count
            FROM endpoint_usage
            WHERE endpoint_name = @endpoint AND request_time >= @from AND request_time < @to AND config_version IS NOT NULL
            ORDER BY request_time, seq
            """, window))
        {
            await using var reader = await rows.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                queries.Add(new CapturedQuery(reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4), reader.GetDouble(5),
                    reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt32(7)));
            }
        }

        var feedback = new List<QueryFeedback>();
        await using (var values = DbCommands.Create(connection, transaction, """
            SELECT f.request_id, f.metric, f.value
            FROM endpoint_usage u
            JOIN experiment_feedback f ON f.endpoint_name = u.endpoint_name AND f.request_id = u.databricks_request_id
            WHERE u.endpoint_name = @endpoint AND u.request_time >= @from AND u.request_time < @to AND u.config_version IS NOT NULL
            ORDER BY f.request_id, f.metric
            """, window))
        {
            await using var reader = await values.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                feedback.Add(new QueryFeedback(reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
            }
        }

        return new ExperimentCapture(queries, feedback);
    }

    public async Task DeleteEndpointAsync(string endpointName, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var delete = DbCommands.Create(connection, null, "DELETE FROM experiment_feedback WHERE endpoint_name = @endpoint",
            ("@endpoint", endpointName));
        await delete.ExecuteNonQueryAsync(ct);
    }
}
