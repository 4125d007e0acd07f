using System.Collections.Concurrent;
using System.Threading.Channels;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// The tokens spent against budgets, live in memory and kept in <see cref="IBudgetSpendStore"/>:
/// a subject's spend is read from the store the first time a query of its period needs it, then
/// counted in memory; every charge is written in the background by <see cref="BudgetWriter"/>
/// within about <see cref="BudgetWriter.FlushInterval"/> (plus one write), and whatever is pending
/// when the server stops is written before it does. So a restart forgets no charge acknowledged
/// more than that window before a crash, and none at all after a clean stop.
/// </summary>
public sealed partial class BudgetLedger(IBudgetSpendStore store, ILogger<BudgetLedger> logger)
{
    private readonly ConcurrentDictionary<BudgetSpendKey, Entry> _entries = new();
    private readonly ConcurrentQueue<Entry> _unwritten = new();
    private readonly Channel<bool> _charged = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The spend under <paramref name="key"/>, read from the store when not held yet.</summary>
    public ValueTask<Entry> EntryAsync(BudgetSpendKey key, long periodEnd, CancellationToken ct) =>
        _entries.TryGetValue(key, out var entry) ? ValueTask.FromResult(entry) : LoadAsync(key, periodEnd, ct);

    /// <summary>Adds <paramref name="tokens"/> to the entry's spend and has it written soon.</summary>
    public void Charge(Entry entry, long tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        entry.Add(tokens);
        Queue(entry);
    }

    /// <summary>
    /// The endpoint's spend in periods starting at <paramref name="periodStartAtLeast"/> or later:
    /// the store's rows, with what memory holds over them (memory is never behind the store).
    /// </summary>
    public async Task<Dictionary<BudgetSpendKey, long>> SpendAsync(string endpoint, long periodStartAtLeast, CancellationToken ct)
    {
        var spend = new Dictionary<BudgetSpendKey, long>();
        foreach (var row in await store.ListAsync(endpoint, periodStartAtLeast, ct))
        {
            spend[row.Key] = row.UsedTokens;
        }

        foreach (var (key, entry) in _entries)
        {
            if (key.Endpoint == endpoint && key.PeriodStart >= periodStartAtLeast)
            {
                spend[key] = entry.Used;
            }
        }

        return spend;
    }

    /// <summary>Waits until something was charged since the last write; false once <paramref name="ct"/> ends the wait.</summary>
    internal async Task<bool> WaitForChargesAsync(CancellationToken ct)
    {
        try
        {
            return await _charged.Reader.WaitToReadAsync(ct) && _charged.Reader.TryRead(out _);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Writes every charge not written yet in one transaction; on failure they stay pending for the next write.</summary>
    internal async Task WriteAsync(long nowSeconds, CancellationToken ct)
    {
        var batch = new List<(Entry Entry, long Tokens)>();
        while (_unwritten.TryDequeue(out var entry))
        {
            entry.MarkWritten();
            var tokens = entry.TakeUnwritten();
            if (tokens > 0)
            {
                batch.Add((entry, tokens));
            }
        }

        if (batch.Count > 0)
        {
            try
            {
                await store.AddAsync([.. batch.Select(item => new BudgetSpend(item.Entry.Key, item.Tokens))], ct);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                Log.WriteFailed(logger, batch.Count, error);
                foreach (var (entry, tokens) in batch)
                {
                    entry.Unwritten(tokens);
                    Queue(entry);
                }
            }
        }

        ForgetEndedPeriods(nowSeconds);
    }

    /// <summary>Queues the entry for the next write (once, however often it is charged meanwhile) and wakes the writer.</summary>
    private void Queue(Entry entry)
    {
        if (entry.MarkUnwritten())
        {
            _unwritten.Enqueue(entry);
        }

        _charged.Writer.TryWrite(true);
    }

    private async ValueTask<Entry> LoadAsync(BudgetSpendKey key, long periodEnd, CancellationToken ct)
    {
        var used = await store.ReadAsync(key, ct);
        return _entries.GetOrAdd(key, static (key, state) => new Entry(key, state.used, state.periodEnd), (used, periodEnd));
    }

    /// <summary>Drops the entries of periods that have ended (a late charge still reaches the store: the queue holds the entry).</summary>
    private void ForgetEndedPeriods(long nowSeconds)
    {
        foreach (var entry in _entries)
        {
            if (entry.Value.PeriodEnd <= nowSeconds)
            {
                _entries.TryRemove(entry);
            }
        }
    }

    /// <summary>One subject's spend under one budget in one period, and how much of it is not written yet.</summary>
    public sealed class Entry(BudgetSpendKey key, long used, long periodEnd)
    {
        private long _used = used;
        private long _unwritten;
        private int _queued;

        public BudgetSpendKey Key => key;

        /// <summary>The period's end, in UTC Unix seconds.</summary>
        public long PeriodEnd => periodEnd;

        public long Used => Volatile.Read(ref _used);

        internal void Add(long tokens)
        {
            Interlocked.Add(ref _used, tokens);
            Interlocked.Add(ref _unwritten, tokens);
        }

        /// <summary>True when the entry was not queued for writing yet (so the caller queues it).</summary>
        internal bool MarkUnwritten() => Interlocked.Exchange(ref _queued, 1) == 0;

        // Unmarked before its tokens are taken: a charge in between queues the entry again.
        internal void MarkWritten() => Volatile.Write(ref _queued, 0);

        internal long TakeUnwritten() => Interlocked.Exchange(ref _unwritten, 0);

        internal void Unwritten(long tokens) => Interlocked.Add(ref _unwritten, tokens);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 140, Level = LogLevel.Warning, Message = "Could not write the spend of {Count} budget entries; retrying with the next write")]
        public static partial void WriteFailed(ILogger logger, int count, Exception error);
    }
}
