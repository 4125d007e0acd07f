using System.Globalization;
using Switchyard.Core.Replicas;
using Switchyard.Storage.Sql;

namespace Switchyard.Storage.Stores;

/// <summary>
/// Heartbeats and rollout reports of the replicas sharing this database. On one machine (SQLite)
/// there is one row, this process's; the tables matter when replicas share PostgreSQL.
/// </summary>
public sealed class SqlReplicaStore : IReplicaStore
{
    private readonly SqlDatabase _database;

    public SqlReplicaStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("replicas", [new("""
            CREATE TABLE IF NOT EXISTS replicas (
                name TEXT PRIMARY KEY,
                urls TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                seen_at BIGINT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS replica_endpoint_states (
                replica TEXT NOT NULL,
                endpoint TEXT NOT NULL,
                slot TEXT NOT NULL,
                config_version BIGINT NOT NULL,
                attempt BIGINT NOT NULL,
                state TEXT NOT NULL,
                failure TEXT,
                reported_at BIGINT NOT NULL,
                PRIMARY KEY (replica, endpoint, slot)
            );
            """)]);
    }

    public async Task BeatAsync(string name, string urls, long startedAt, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = DbCommands.Create(connection, null, $"""
            INSERT INTO replicas (name, urls, started_at, seen_at) VALUES (@name, @urls, @started, {_database.Dialect.NowMilliseconds})
            ON CONFLICT (name) DO UPDATE SET urls = excluded.urls, started_at = excluded.started_at, seen_at = excluded.seen_at
            """, ("@name", name), ("@urls", urls), ("@started", startedAt));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task LeaveAsync(string name, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var transaction = _database.BeginWrite(connection);
        await using (var states = DbCommands.Create(connection, transaction, "DELETE FROM replica_endpoint_states WHERE replica = @name", ("@name", name)))
        {
            await states.ExecuteNonQueryAsync(ct);
        }

        await using (var replica = DbCommands.Create(connection, transaction, "DELETE FROM replicas WHERE name = @name", ("@name", name)))
        {
            await replica.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<(IReadOnlyList<ReplicaRow> Live, long Now)> LiveAsync(TimeSpan window, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        long now;
        await using (var clock = DbCommands.Create(connection, null, $"SELECT {_database.Dialect.NowMilliseconds}"))
        {
            now = Convert.ToInt64(await clock.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        await using var command = DbCommands.Create(connection, null,
            "SELECT name, urls, started_at, seen_at FROM replicas WHERE seen_at >= @since ORDER BY name",
            ("@since", now - (long)window.TotalMilliseconds));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var live = new List<ReplicaRow>();
        while (await reader.ReadAsync(ct))
        {
            live.Add(new ReplicaRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return (live, now);
    }

    public async Task ReportAsync(ReplicaEndpointState state, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = DbCommands.Create(connection, null, $"""
            INSERT INTO replica_endpoint_states (replica, endpoint, slot, config_version, attempt, state, failure, reported_at)
            VALUES (@replica, @endpoint, @slot, @version, @attempt, @state, @failure, {_database.Dialect.NowMilliseconds})
            ON CONFLICT (replica, endpoint, slot) DO UPDATE SET config_version = excluded.config_version, attempt = excluded.attempt, state = excluded.state,
                failure = excluded.failure, reported_at = excluded.reported_at
            """,
            ("@replica", state.Replica), ("@endpoint", state.Endpoint),
            ("@slot", state.State == ReplicaRolloutState.Serving ? "serving" : "rollout"), ("@version", state.ConfigVersion), ("@attempt", state.Attempt),
            ("@state", state.State.ToString()), ("@failure", state.Failure));
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task<IReadOnlyList<ReplicaEndpointState>> ReportsAsync(string endpoint, CancellationToken ct) =>
        QueryAsync("WHERE endpoint = @endpoint", ("@endpoint", endpoint), ct);

    public Task<IReadOnlyList<ReplicaEndpointState>> AllReportsAsync(CancellationToken ct) => QueryAsync("", null, ct);

    private async Task<IReadOnlyList<ReplicaEndpointState>> QueryAsync(string where, (string, object?)? parameter, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = DbCommands.Create(connection, null,
            $"SELECT replica, endpoint, config_version, attempt, state, failure, reported_at FROM replica_endpoint_states {where} ORDER BY endpoint, replica",
            parameter is { } p ? [p] : []);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var states = new List<ReplicaEndpointState>();
        while (await reader.ReadAsync(ct))
        {
            states.Add(new ReplicaEndpointState(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                Enum.Parse<ReplicaRolloutState>(reader.GetString(4)), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6)));
        }

        return states;
    }
}
