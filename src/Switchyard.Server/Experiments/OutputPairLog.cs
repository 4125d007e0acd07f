using System.Diagnostics;
using System.Threading.Channels;
using Switchyard.Core.Experiments;

namespace Switchyard.Server.Experiments;

/// <summary>
/// Writes output pairs to the <see cref="IOutputPairStore"/> off every query's path:
/// <see cref="Append"/> puts a pair in a bounded in-memory queue and returns at once (a full queue
/// drops the pair and counts it in <see cref="Dropped"/>); a background writer, started and stopped
/// with the host, writes what is queued in batches of one transaction each, at most one write per
/// <see cref="WriteWindow"/> (real time, so a test's frozen clock never holds pairs back), and
/// everything left on a graceful stop.
/// </summary>
// The semaphore never allocates a wait handle (only WaitAsync is used) and the token source has no timer, so there is nothing to dispose.
#pragma warning disable CA1001
public sealed class OutputPairLog : IHostedService
#pragma warning restore CA1001
{
    /// <summary>Pairs waiting to be written, at most.</summary>
    public const int Capacity = 20_000;

    /// <summary>Pairs per transaction, at most, so one write never holds the database for long.</summary>
    public const int MaxBatch = 2_000;

    /// <summary>The longest a pair waits before its batch is written.</summary>
    public static readonly TimeSpan WriteWindow = TimeSpan.FromMilliseconds(200);

    private readonly IOutputPairStore _store;
    private readonly ILogger<OutputPairLog> _logger;
    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _stopping;
    private long _dropped;
    private Task _writer = Task.CompletedTask;

    public OutputPairLog(IOutputPairStore store, ILogger<OutputPairLog> logger)
    {
        _store = store;
        _logger = logger;
    }

    /// <summary>The store the pairs go to (the reports read it).</summary>
    public IOutputPairStore Store => _store;

    /// <summary>Pairs dropped since start-up: the queue was full, or their batch failed to write.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Append(OutputPair pair)
    {
        // TryWrite never waits: with FullMode.Wait it answers false when the queue is full (or the log has stopped).
        if (!_queue.Writer.TryWrite(new Entry(pair, null)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Deletes an endpoint's pairs once the pairs queued before this call are written, so none of them outlives the delete.</summary>
    public async Task ForgetEndpointAsync(string endpointName, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Entry(null, new EndpointForget(endpointName, done)), ct);
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
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var waited = lastWrite == 0 ? WriteWindow : Stopwatch.GetElapsedTime(lastWrite);
            if (!_stopping && waited < WriteWindow)
            {
                await _wake.WaitAsync(WriteWindow - waited, CancellationToken.None);
            }

            lastWrite = Stopwatch.GetTimestamp();
            await DrainAsync(reader);
        }
    }

    private async Task DrainAsync(ChannelReader<Entry> reader)
    {
        var batch = new List<OutputPair>();
        while (reader.TryRead(out var entry))
        {
            if (entry.Forget is { } forget)
            {
                await WriteAsync(batch);
                await ForgetAsync(forget);
                continue;
            }

            batch.Add(entry.Pair!);
            if (batch.Count == MaxBatch)
            {
                await WriteAsync(batch);
            }
        }

        await WriteAsync(batch);
    }

    private async Task WriteAsync(List<OutputPair> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await _store.AppendAsync(batch, _abort.Token);
        }
        catch (Exception error)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            if (!_abort.IsCancellationRequested)
            {
                _logger.LogError(error, "Could not write {Count} output pairs; they are dropped.", batch.Count);
            }
        }

        batch.Clear();
    }

    private async Task ForgetAsync(EndpointForget forget)
    {
        try
        {
            await _store.DeleteEndpointAsync(forget.EndpointName, _abort.Token);
            forget.Done.TrySetResult();
        }
        catch (Exception error)
        {
            forget.Done.TrySetException(error);
        }
    }

    /// <summary>One queued entry: a pair, or a request to forget an endpoint.</summary>
    private readonly record struct Entry(OutputPair? Pair, EndpointForget? Forget);

    private sealed record EndpointForget(string EndpointName, TaskCompletionSource Done);
}
