using System.Diagnostics;
using System.Threading.Channels;

namespace Switchyard.Server.Hosting;

/// <summary>
/// A log written off every query's path: <see cref="TryAppend"/> puts an item in a bounded
/// in-memory queue and returns at once (false when the queue is full: the caller counts the drop,
/// so a slow disk never slows a query); a background writer, started and stopped with the host,
/// takes what is queued at most once per write window (real time, so a test's frozen clock never
/// holds items back) and hands it to <see cref="WriteBatchAsync"/> in batches, and writes
/// everything left on a graceful stop. <see cref="ForgetEndpointAsync"/> deletes an endpoint's
/// items in queue order, once those queued before it are written, so none of them outlives the delete.
/// </summary>
// The semaphore never allocates a wait handle (only WaitAsync is used) and the token source has no timer, so there is nothing to dispose.
#pragma warning disable CA1001
public abstract class BatchedLog<TItem> : IHostedService
    where TItem : class
#pragma warning restore CA1001
{
    private readonly int _maxBatch;
    private readonly TimeSpan _writeWindow;
    private readonly Channel<Entry> _queue;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _stopping;
    private Task _writer = Task.CompletedTask;

    protected BatchedLog(int capacity, int maxBatch, TimeSpan writeWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _maxBatch = maxBatch;
        _writeWindow = writeWindow;
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Cancelled when the host stops waiting for the last writes: a write cut short by it is not an error worth logging.</summary>
    protected CancellationToken Aborted => _abort.Token;

    /// <summary>Queues an item; false (nothing queued) when the queue is full or the log has stopped.</summary>
    // TryWrite never waits: with FullMode.Wait it answers false when the queue is full (or the log has stopped).
    protected bool TryAppend(TItem item) => _queue.Writer.TryWrite(new Entry(item, null));

    /// <summary>Writes one batch (never empty); handles and counts its own failures.</summary>
    protected abstract Task WriteBatchAsync(List<TItem> batch);

    /// <summary>Deletes an endpoint's stored items.</summary>
    protected abstract Task DeleteEndpointAsync(string endpointName, CancellationToken ct);

    /// <summary>After the writer deleted an endpoint's items: forget what the writer keeps about it.</summary>
    protected virtual void OnEndpointForgotten(string endpointName)
    {
    }

    /// <summary>Deletes an endpoint's items once those queued before this call are written. Waits for room rather than dropping.</summary>
    public async Task ForgetEndpointAsync(string endpointName, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Entry(null, new EndpointForget(endpointName, done)), ct);
        }
        catch (ChannelClosedException)
        {
            await DeleteEndpointAsync(endpointName, ct);
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
            var waited = lastWrite == 0 ? _writeWindow : Stopwatch.GetElapsedTime(lastWrite);
            if (!_stopping && waited < _writeWindow)
            {
                await _wake.WaitAsync(_writeWindow - waited, CancellationToken.None);
            }

            lastWrite = Stopwatch.GetTimestamp();
            await DrainAsync(reader);
        }
    }

    /// <summary>Writes everything queued now, in order: items in batches, each forget once the items before it are written.</summary>
    private async Task DrainAsync(ChannelReader<Entry> reader)
    {
        var batch = new List<TItem>();
        while (reader.TryRead(out var entry))
        {
            if (entry.Forget is { } forget)
            {
                await WriteAsync(batch);
                await ForgetAsync(forget);
                continue;
            }

            batch.Add(entry.Item!);
            if (batch.Count == _maxBatch)
            {
                await WriteAsync(batch);
            }
        }

        await WriteAsync(batch);
    }

    private async Task WriteAsync(List<TItem> batch)
    {
        if (batch.Count > 0)
        {
            await WriteBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task ForgetAsync(EndpointForget forget)
    {
        try
        {
            await DeleteEndpointAsync(forget.EndpointName, _abort.Token);
            OnEndpointForgotten(forget.EndpointName);
            forget.Done.TrySetResult();
        }
        catch (Exception error)
        {
            forget.Done.TrySetException(error);
        }
    }

    /// <summary>One queued entry: an item, or a request to forget an endpoint.</summary>
    private readonly record struct Entry(TItem? Item, EndpointForget? Forget);

    private sealed record EndpointForget(string EndpointName, TaskCompletionSource Done);
}
