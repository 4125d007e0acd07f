using System.Globalization;

namespace Switchyard.Core.Logs;

/// <summary>
/// Counts one kind of frequent event (requests refused with 429, say) and writes one line per
/// second in which it happened, instead of one per event. Counting in the current second takes
/// no lock and allocates nothing; the line is written when a later second begins or when the
/// log is read.
/// </summary>
public sealed class PerSecondTally
{
    private readonly Lock _lock = new();
    private readonly EntityLog _log;
    private readonly TimeProvider _time;
    private readonly string _description;
    private long _second = long.MinValue;
    private int _count;

    internal PerSecondTally(EntityLog log, TimeProvider time, string description)
    {
        _log = log;
        _time = time;
        _description = description;
    }

    public void Count()
    {
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Volatile.Read(ref _second) == second)
        {
            // A count racing with the turn of the second may land in the next one; a tally, not a ledger.
            Interlocked.Increment(ref _count);
            return;
        }

        lock (_lock)
        {
            if (_second != second)
            {
                FlushLocked();
                Volatile.Write(ref _second, second);
            }

            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>Writes what was counted so far (a reader wants it now, not at the next event).</summary>
    internal void Flush()
    {
        lock (_lock)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        var count = Interlocked.Exchange(ref _count, 0);
        if (count > 0)
        {
            _log.Append(DateTimeOffset.FromUnixTimeSeconds(_second),
                string.Create(CultureInfo.InvariantCulture, $"{count} × {_description} in this second."));
        }
    }
}
