using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Usage;

/// <summary>
/// The usage log: <see cref="Append"/> puts a row in a bounded in-memory queue and returns (a full
/// queue drops the row and counts it, so a slow disk never slows a query); a background writer,
/// started and stopped with the host, writes what is queued in batches of one transaction each,
/// at least once per <see cref="UsageLogOptions.WriteWindow"/>, and everything left on a graceful
/// stop. A served entity's record is upserted with the first row that names it, and again only
/// if it changed. A crash loses the rows still queued: at most one window's worth plus the write
/// in progress.
/// </summary>
// The semaphore never allocates a wait handle (only WaitAsync is used) and the token source has no timer, so there is nothing to dispose.
#pragma warning disable CA1001
public sealed class UsageLog : IUsageLog, IHostedService
#pragma warning restore CA1001
{
    private readonly IUsageStore _store;
    private readonly UsageLogOptions _options;
    private readonly ILogger<UsageLog> _logger;
    private readonly Channel<Entry> _queue;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<string, UsageCounter> _counters = new(StringComparer.Ordinal);
    private readonly UsageCounter _totals = new();
    // Only the writer reads and changes this: the record last written for each served-entity id.
    private readonly Dictionary<string, ServedEntityRecord> _writtenEntities = new(StringComparer.Ordinal);
    private volatile bool _stopping;
    private Task _writer = Task.CompletedTask;

    public UsageLog(IUsageStore store, UsageLogOptions options, ILogger<UsageLog> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        _store = store;
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Every endpoint's rows since start-up.</summary>
    public UsageCounts Totals => _totals.Read();

    /// <summary>One endpoint's rows since start-up (or since it was deleted and created again).</summary>
    public UsageCounts CountsOf(string endpointName) =>
        _counters.TryGetValue(endpointName, out var counter) ? counter.Read() : default;

    public void Append(UsageRecord record, ServedEntityRecord entity)
    {
        // TryWrite never waits: with FullMode.Wait it answers false when the queue is full (or the log has stopped).
        if (!_queue.Writer.TryWrite(new Entry(record, entity, Forget: null)))
        {
            CounterOf(record.EndpointName).AddDropped(1);
            _totals.AddDropped(1);
        }
    }

    /// <summary>
    /// Deletes an endpoint's rows and served-entity records once the rows queued before this call
    /// are written, so none of them outlives the delete. Waits for room rather than dropping.
    /// </summary>
    public async Task ForgetEndpointAsync(string endpointName, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Entry(null, null, new EndpointForget(endpointName, done)), ct);
        }
        catch (ChannelClosedException)
        {
            await _store.DeleteEndpointAsync(endpointName, ct);
            return;
        }

        _wake.Release();
        await done.Task.WaitAsync(ct);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Writes what is still queued; gives up (losing it) only if the host stops waiting first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        _wake.Release();
        try
        {
            await _writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync();
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var lastWrite = 0L;
        // Ends once the queue is completed (the host stops) and every entry in it has been taken.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var waited = lastWrite == 0 ? _options.WriteWindow : Stopwatch.GetElapsedTime(lastWrite);
            if (!_stopping && waited < _options.WriteWindow)
            {
                await _wake.WaitAsync(_options.WriteWindow - waited, CancellationToken.None);
            }

            lastWrite = Stopwatch.GetTimestamp();
            await DrainAsync(reader);
        }
    }

    /// <summary>Writes everything queued now, in order: rows in batches, each forget once the rows before it are written.</summary>
    private async Task DrainAsync(ChannelReader<Entry> reader)
    {
        var rows = new List<UsageRecord>();
        var entities = new Dictionary<string, ServedEntityRecord>(StringComparer.Ordinal);
        while (reader.TryRead(out var entry))
        {
            if (entry.Forget is { } forget)
            {
                await WriteAsync(rows, entities);
                await ForgetAsync(forget);
                continue;
            }

            rows.Add(entry.Row!);
            var entity = entry.Entity!;
            if (!_writtenEntities.TryGetValue(entity.ServedEntityId, out var written) || written != entity)
            {
                entities[entity.ServedEntityId] = entity;
            }

            if (rows.Count == _options.MaxBatch)
            {
                await WriteAsync(rows, entities);
            }
        }

        await WriteAsync(rows, entities);
    }

    /// <summary>Writes one batch in one transaction and empties it; a failed batch is logged and counted as dropped.</summary>
    private async Task WriteAsync(List<UsageRecord> rows, Dictionary<string, ServedEntityRecord> entities)
    {
        if (rows.Count == 0 && entities.Count == 0)
        {
            return;
        }

        var written = true;
        try
        {
            await _store.AppendAsync(rows, [.. entities.Values], _abort.Token);
            foreach (var (id, entity) in entities)
            {
                _writtenEntities[id] = entity;
            }
        }
        catch (Exception error)
        {
            written = false;
            if (!_abort.IsCancellationRequested)
            {
                _logger.LogError(error, "Could not write {Count} usage rows; they are dropped.", rows.Count);
            }
        }

        foreach (var row in rows)
        {
            Count(CounterOf(row.EndpointName), 1, written);
        }

        Count(_totals, rows.Count, written);
        rows.Clear();
        entities.Clear();
    }

    private async Task ForgetAsync(EndpointForget forget)
    {
        try
        {
            await _store.DeleteEndpointAsync(forget.EndpointName, _abort.Token);
            foreach (var (id, entity) in _writtenEntities.ToList())
            {
                if (entity.EndpointName == forget.EndpointName)
                {
                    _writtenEntities.Remove(id);
                }
            }

            _counters.TryRemove(forget.EndpointName, out _);
            forget.Done.TrySetResult();
        }
        catch (Exception error)
        {
            forget.Done.TrySetException(error);
        }
    }

    private static void Count(UsageCounter counter, long rows, bool written)
    {
        if (written)
        {
            counter.AddWritten(rows);
        }
        else
        {
            counter.AddDropped(rows);
        }
    }

    private UsageCounter CounterOf(string endpointName) => _counters.GetOrAdd(endpointName, static _ => new UsageCounter());

    /// <summary>One queued entry: a row and its entity, or a request to forget an endpoint.</summary>
    private readonly record struct Entry(UsageRecord? Row, ServedEntityRecord? Entity, EndpointForget? Forget);

    private sealed record EndpointForget(string EndpointName, TaskCompletionSource Done);
}
