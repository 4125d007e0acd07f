using System.Collections.Concurrent;
using Switchyard.Core.Gateway;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Gateway.Usage;

/// <summary>
/// The usage log, a <see cref="BatchedLog{TItem}"/>: <see cref="Append"/> queues a row and
/// returns (a full queue drops the row and counts it, so a slow disk never slows a query); the
/// background writer writes what is queued in batches of one transaction each, at least once per
/// <see cref="UsageLogOptions.WriteWindow"/>, and everything left on a graceful stop. A served
/// entity's record is upserted with the first row that names it, and again only if it changed. A
/// crash loses the rows still queued: at most one window's worth plus the write in progress.
/// </summary>
public sealed class UsageLog(IUsageStore store, UsageLogOptions options, ILogger<UsageLog> logger)
    : BatchedLog<UsageLog.Row>(options.Capacity, options.MaxBatch, options.WriteWindow), IUsageLog
{
    private readonly ConcurrentDictionary<string, UsageCounter> _counters = new(StringComparer.Ordinal);
    private readonly UsageCounter _totals = new();
    // Only the writer reads and changes this: the record last written for each served-entity id.
    private readonly Dictionary<string, ServedEntityRecord> _writtenEntities = new(StringComparer.Ordinal);

    /// <summary>Every endpoint's rows since start-up.</summary>
    public UsageCounts Totals => _totals.Read();

    /// <summary>One endpoint's rows since start-up (or since it was deleted and created again).</summary>
    public UsageCounts CountsOf(string endpointName) =>
        _counters.TryGetValue(endpointName, out var counter) ? counter.Read() : default;

    public void Append(UsageRecord record, ServedEntityRecord entity)
    {
        if (!TryAppend(new Row(record, entity)))
        {
            CounterOf(record.EndpointName).AddDropped(1);
            _totals.AddDropped(1);
        }
    }

    /// <summary>Writes one batch in one transaction, with the entity records it changes; a failed batch is logged and counted as dropped.</summary>
    protected override async Task WriteBatchAsync(List<Row> batch)
    {
        var rows = new List<UsageRecord>(batch.Count);
        var entities = new Dictionary<string, ServedEntityRecord>(StringComparer.Ordinal);
        foreach (var (record, entity) in batch)
        {
            rows.Add(record);
            if (!_writtenEntities.TryGetValue(entity.ServedEntityId, out var written) || written != entity)
            {
                entities[entity.ServedEntityId] = entity;
            }
        }

        var stored = true;
        try
        {
            await store.AppendAsync(rows, [.. entities.Values], Aborted);
            foreach (var (id, entity) in entities)
            {
                _writtenEntities[id] = entity;
            }
        }
        catch (Exception error)
        {
            stored = false;
            if (!Aborted.IsCancellationRequested)
            {
                logger.LogError(error, "Could not write {Count} usage rows; they are dropped.", rows.Count);
            }
        }

        foreach (var row in rows)
        {
            Count(CounterOf(row.EndpointName), 1, stored);
        }

        Count(_totals, rows.Count, stored);
    }

    /// <summary>Deletes an endpoint's rows and served-entity records.</summary>
    protected override Task DeleteEndpointAsync(string endpointName, CancellationToken ct) => store.DeleteEndpointAsync(endpointName, ct);

    protected override void OnEndpointForgotten(string endpointName)
    {
        foreach (var (id, entity) in _writtenEntities.ToList())
        {
            if (entity.EndpointName == endpointName)
            {
                _writtenEntities.Remove(id);
            }
        }

        _counters.TryRemove(endpointName, out _);
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

    /// <summary>One queued row and the served entity it names.</summary>
    public sealed record Row(UsageRecord Record, ServedEntityRecord Entity);
}
