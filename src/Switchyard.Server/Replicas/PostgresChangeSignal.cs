using System.Collections.Immutable;
using Npgsql;
using Switchyard.Storage.Postgres;

namespace Switchyard.Server.Replicas;

/// <summary>
/// Replicas on one PostgreSQL database tell each other of changes with NOTIFY on one channel and
/// hear them on one LISTEN connection of their own. NOTIFY is delivered only to connections
/// listening at commit time, so every (re)connection is followed by a <see cref="ChangeKind.Resync"/>:
/// whatever changed while this replica was not listening is read back from the tables.
/// </summary>
public sealed partial class PostgresChangeSignal(PostgresDatabase database, string replicaName, ILogger<PostgresChangeSignal> logger)
    : BackgroundService, IChangeSignal
{
    public const string Channel = "switchyard_changes";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableArray<Func<Change, CancellationToken, Task>> _handlers = [];
    private CancellationToken _stopping;

    public string ReplicaName { get; } = replicaName;

    public bool IsShared => true;

    /// <summary>Completes once the first LISTEN is in place (tests wait for it before writing).</summary>
    public Task Listening => _listening.Task;

    public async ValueTask PublishAsync(ChangeKind kind, string key, CancellationToken ct)
    {
        try
        {
            await using var connection = await database.Source.OpenConnectionAsync(ct);
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("payload", ChangePayload.Format(kind, ReplicaName, key));
            await notify.ExecuteNonQueryAsync(ct);
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException)
        {
            // The write itself committed; replicas that miss this notice catch up when their own
            // connection breaks and resynchronises, or at the next change of the same thing.
            Log.PublishFailed(logger, kind, key, error.GetType().Name);
        }
    }

    public IDisposable Subscribe(Func<Change, CancellationToken, Task> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, static (list, h) => list.Add(h), handler);
        return new Subscription(this, handler);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var retry = FirstRetry;
        var listenString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenString);
                connection.Notification += (_, notice) => Hear(notice.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Listening now: anything written before this moment is read back from the tables.
                _ = DispatchAsync(new Change(ChangeKind.Resync, "*", ReplicaName));
                _listening.TrySetResult();
                retry = FirstRetry;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                Log.ListenBroken(logger, error.GetType().Name, retry.TotalMilliseconds);
                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private void Hear(string payload)
    {
        if (ChangePayload.TryParse(payload, out var change) && change.Origin != ReplicaName)
        {
            _ = DispatchAsync(change);
        }
    }

    private async Task DispatchAsync(Change change)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(change, _stopping);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                Log.HandlerFailed(logger, change.Kind, change.Key, error);
            }
        }
    }

    private sealed class Subscription(PostgresChangeSignal signal, Func<Change, CancellationToken, Task> handler) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref signal._handlers, static (list, h) => list.Remove(h), handler);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Could not tell the other replicas that {Kind} {Key} changed ({Error})")]
        public static partial void PublishFailed(ILogger logger, ChangeKind kind, string key, string error);

        [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "The change signal's LISTEN connection broke ({Error}); reconnecting in {Delay} ms, then resynchronising")]
        public static partial void ListenBroken(ILogger logger, string error, double delay);

        [LoggerMessage(EventId = 62, Level = LogLevel.Error, Message = "Following a change to {Kind} {Key} failed")]
        public static partial void HandlerFailed(ILogger logger, ChangeKind kind, string key, Exception error);
    }
}
