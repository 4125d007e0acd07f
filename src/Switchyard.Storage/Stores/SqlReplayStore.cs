using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Experiments;

namespace Switchyard.Storage.Stores;

/// <summary>Replay jobs in the database: one <c>replays</c> row each, rewritten as the job moves on.</summary>
public sealed class SqlReplayStore : IReplayStore
{
    private const string Columns =
        "replay_id, endpoint_id, endpoint_name, state, spec, total, sent, completed, failed, created_ms, finished_ms, message, report";

    private readonly SqlDatabase _database;

    public SqlReplayStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("replays", ReplaySchema.Steps);
    }

    public async Task SaveAsync(ReplayRecord replay, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, $"""
            INSERT INTO replays ({Columns})
            VALUES (@id, @endpoint, @name, @state, @spec, @total, @sent, @completed, @failed, @created, @finished, @message, @report)
            ON CONFLICT (replay_id) DO UPDATE SET endpoint_id = excluded.endpoint_id, endpoint_name = excluded.endpoint_name,
                state = excluded.state, spec = excluded.spec, total = excluded.total, sent = excluded.sent, completed = excluded.completed,
                failed = excluded.failed, created_ms = excluded.created_ms, finished_ms = excluded.finished_ms, message = excluded.message,
                report = excluded.report
            """,
            ("@id", replay.ReplayId), ("@endpoint", replay.EndpointId), ("@name", replay.EndpointName), ("@state", replay.State),
            ("@spec", replay.Spec), ("@total", replay.Total), ("@sent", replay.Sent), ("@completed", replay.Completed),
            ("@failed", replay.Failed), ("@created", replay.CreatedMs), ("@finished", replay.FinishedMs), ("@message", replay.Message),
            ("@report", replay.Report));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ReplayRecord?> FindAsync(string endpointId, string replayId, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null,
            $"SELECT {Columns} FROM replays WHERE endpoint_id = @endpoint AND replay_id = @id",
            ("@endpoint", endpointId), ("@id", replayId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Record(reader) : null;
    }

    public async Task<IReadOnlyList<ReplayRecord>> ListAsync(string endpointId, int maxResults, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null,
            $"SELECT {Columns} FROM replays WHERE endpoint_id = @endpoint ORDER BY created_ms DESC, replay_id DESC LIMIT @limit",
            ("@endpoint", endpointId), ("@limit", maxResults));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var replays = new List<ReplayRecord>();
        while (await reader.ReadAsync(ct))
        {
            replays.Add(Record(reader));
        }

        return replays;
    }

    public async Task<int> FailRunningAsync(string message, long finishedMs, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null,
            "UPDATE replays SET state = 'FAILED', message = @message, finished_ms = @finished WHERE state = 'RUNNING'",
            ("@message", message), ("@finished", finishedMs));
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteEndpointAsync(string endpointId, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, "DELETE FROM replays WHERE endpoint_id = @endpoint", ("@endpoint", endpointId));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static ReplayRecord Record(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9),
        reader.IsDBNull(10) ? null : reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.IsDBNull(12) ? null : reader.GetString(12));
}
