using System.Collections.Concurrent;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Tests.Gateway.Usage;

/// <summary>A usage store that keeps each write as it came (a batch), and fails writes while told to.</summary>
internal sealed class RecordingUsageStore : IUsageStore
{
    private readonly ConcurrentQueue<(IReadOnlyList<UsageRecord> Rows, IReadOnlyList<ServedEntityRecord> Entities)> _batches = new();

    public volatile bool Failing;

    public IReadOnlyList<(IReadOnlyList<UsageRecord> Rows, IReadOnlyList<ServedEntityRecord> Entities)> Batches => [.. _batches];

    public IReadOnlyList<UsageRecord> Rows => [.. _batches.SelectMany(b => b.Rows)];

    public ConcurrentQueue<string> Deleted { get; } = new();

    public Task AppendAsync(IReadOnlyList<UsageRecord> rows, IReadOnlyList<ServedEntityRecord> entities, CancellationToken ct)
    {
        if (Failing)
        {
            throw new IOException("disk full");
        }

        // The log reuses its lists: keep copies.
        _batches.Enqueue(([.. rows], [.. entities]));
        return Task.CompletedTask;
    }

    public Task DeleteEndpointAsync(string endpointName, CancellationToken ct)
    {
        Deleted.Enqueue(endpointName);
        return Task.CompletedTask;
    }

    public Task<UsagePage> ReadAsync(UsageQuery query, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<UsageTotal>> SumAsync(UsageQuery query, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<ServedEntityRecord>> ReadServedEntitiesAsync(string endpointName, CancellationToken ct) =>
        throw new NotSupportedException();
}
