using Switchyard.Core.Experiments;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Experiments;

/// <summary>
/// Writes output pairs to the <see cref="IOutputPairStore"/> off every query's path (a
/// <see cref="BatchedLog{TItem}"/>): <see cref="Append"/> queues a pair and returns at once (a
/// full queue drops it and counts it in <see cref="Dropped"/>), at most one write per
/// <see cref="WriteWindow"/>.
/// </summary>
public sealed class OutputPairLog(IOutputPairStore store, ILogger<OutputPairLog> logger)
    : BatchedLog<OutputPair>(Capacity, MaxBatch, WriteWindow)
{
    /// <summary>Pairs waiting to be written, at most.</summary>
    public const int Capacity = 20_000;

    /// <summary>Pairs per transaction, at most, so one write never holds the database for long.</summary>
    public const int MaxBatch = 2_000;

    /// <summary>The longest a pair waits before its batch is written.</summary>
    public static readonly TimeSpan WriteWindow = TimeSpan.FromMilliseconds(200);

    private long _dropped;

    /// <summary>The store the pairs go to (the reports read it).</summary>
    public IOutputPairStore Store => store;

    /// <summary>Pairs dropped since start-up: the queue was full, or their batch failed to write.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Append(OutputPair pair)
    {
        if (!TryAppend(pair))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override async Task WriteBatchAsync(List<OutputPair> batch)
    {
        try
        {
            await store.AppendAsync(batch, Aborted);
        }
        catch (Exception error)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            if (!Aborted.IsCancellationRequested)
            {
                logger.LogError(error, "Could not write {Count} output pairs; they are dropped.", batch.Count);
            }
        }
    }

    protected override Task DeleteEndpointAsync(string endpointName, CancellationToken ct) => store.DeleteEndpointAsync(endpointName, ct);
}
