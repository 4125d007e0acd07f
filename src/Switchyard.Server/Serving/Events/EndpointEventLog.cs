using System.Threading.Channels;
using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Serving.Events;

/// <summary>
/// The endpoints' timelines. <see cref="Record"/> puts an event in a bounded in-memory queue and
/// returns, never waiting and never failing (a full queue drops the event and says so in the
/// log), so a state change, a permission edit or a wake is never slowed by the disk. A background
/// writer, started and stopped with the host, writes what is queued in one transaction at a time
/// and trims each endpoint to its newest <see cref="EndpointEventLogOptions.KeepPerEndpoint"/>.
/// A read first lets the events queued before it be written, so a client reads its own changes.
/// A crash loses only the events still queued.
/// </summary>
public sealed partial class EndpointEventLog : IHostedService
{
    private readonly IEndpointEventStore _store;
    private readonly EndpointEventLogOptions _options;
    private readonly ILogger<EndpointEventLog> _logger;
    private readonly Channel<Entry> _queue;
    // Only the writer reads and changes this: endpoints deleted since start-up, whose late events (a wake racing the delete) are not written.
    private readonly HashSet<string> _forgotten = new(StringComparer.Ordinal);
    private long _dropped;
    private Task _writer = Task.CompletedTask;

    public EndpointEventLog(IEndpointEventStore store, EndpointEventLogOptions options, ILogger<EndpointEventLog> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.KeepPerEndpoint, 1);
        _store = store;
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>The most events one read answers: all an endpoint keeps.</summary>
    public int MostResults => _options.KeepPerEndpoint;

    /// <summary>Queues an event; returns at once.</summary>
    public void Record(EndpointEvent item)
    {
        // TryWrite never waits: with FullMode.Wait it answers false when the queue is full (or the log has stopped).
        if (!_queue.Writer.TryWrite(new Entry(item, Forget: null, Flushed: null)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Has an endpoint's events deleted once those queued before are written; returns at once.</summary>
    public void Forget(string endpointId)
    {
        var entry = new Entry(null, endpointId, Flushed: null);
        if (!_queue.Writer.TryWrite(entry))
        {
            // A full (or stopped) queue: wait for room in the background rather than keep a deleted endpoint's history.
            _ = ForgetWhenRoomAsync(entry);
        }
    }

    /// <summary>At most <paramref name="maxResults"/> of an endpoint's events, newest first, including every one recorded before this call.</summary>
    public async Task<IReadOnlyList<EndpointEvent>> ReadAsync(string endpointId, int maxResults, CancellationToken ct)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Entry(null, null, flushed), ct);
            await flushed.Task.WaitAsync(ct);
        }
        catch (ChannelClosedException)
        {
            // The log has stopped (the host is stopping): what was queued is written or lost; read what is there.
        }

        return await _store.ReadAsync(endpointId, Math.Min(maxResults, _options.KeepPerEndpoint), ct);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Writes what is still queued; gives up (losing it) only if the host stops waiting first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's stop timeout: the events still queued are lost, as a crash would lose them.
        }
    }

    private async Task ForgetWhenRoomAsync(Entry entry)
    {
        try
        {
            await _queue.Writer.WriteAsync(entry);
        }
        catch (ChannelClosedException)
        {
            try
            {
                await _store.DeleteEndpointAsync(entry.Forget!, CancellationToken.None);
            }
            catch (Exception error)
            {
                Log.ForgetFailed(_logger, entry.Forget!, error);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        // Ends once the queue is completed (the host stops) and every entry in it has been taken.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = new List<EndpointEvent>();
            while (reader.TryRead(out var entry))
            {
                if (entry.Event is { } item)
                {
                    if (!_forgotten.Contains(item.EndpointId))
                    {
                        batch.Add(item);
                    }

                    continue;
                }

                // A forget or a read's flush applies to what was queued before it: write that first.
                await WriteAsync(batch);
                if (entry.Forget is { } endpointId)
                {
                    await ForgetAsync(endpointId);
                }

                entry.Flushed?.TrySetResult();
            }

            await WriteAsync(batch);
            if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            {
                Log.Dropped(_logger, dropped);
            }
        }
    }

    /// <summary>Writes one batch in one transaction and empties it; a failed write is logged and its events are lost.</summary>
    private async Task WriteAsync(List<EndpointEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await _store.AppendAsync(batch, _options.KeepPerEndpoint, CancellationToken.None);
        }
        catch (Exception error)
        {
            Log.WriteFailed(_logger, batch.Count, error);
        }

        batch.Clear();
    }

    private async Task ForgetAsync(string endpointId)
    {
        _forgotten.Add(endpointId);
        try
        {
            await _store.DeleteEndpointAsync(endpointId, CancellationToken.None);
        }
        catch (Exception error)
        {
            Log.ForgetFailed(_logger, endpointId, error);
        }
    }

    /// <summary>One queued entry: an event, an endpoint to forget, or a read waiting for what is queued before it.</summary>
    private readonly record struct Entry(EndpointEvent? Event, string? Forget, TaskCompletionSource? Flushed);

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "The endpoint event queue was full: {Count} events were dropped")]
        public static partial void Dropped(ILogger logger, long count);

        [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "Could not write {Count} endpoint events; they are lost")]
        public static partial void WriteFailed(ILogger logger, int count, Exception error);

        [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Could not delete the events of deleted endpoint {EndpointId}")]
        public static partial void ForgetFailed(ILogger logger, string endpointId, Exception error);
    }
}
