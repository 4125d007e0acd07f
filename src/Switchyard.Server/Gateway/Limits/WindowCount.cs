namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// What one subject used of one term in one window: a single 64-bit count changed only with
/// <see cref="Interlocked"/>, so any number of queries admit against it at once without a lock and
/// never past the limit.
/// </summary>
public sealed class WindowCount(long windowEnd) : ILimitCount
{
    private long _used;

    /// <summary>The window's end, in UTC Unix seconds: the count is dropped after it.</summary>
    public long WindowEnd => windowEnd;

    public long Used => Volatile.Read(ref _used);

    /// <summary>Takes <paramref name="amount"/> when the count stays within <paramref name="limit"/>; else takes nothing.</summary>
    public bool TryTake(long amount, long limit)
    {
        var used = Volatile.Read(ref _used);
        while (used <= limit - amount)
        {
            var seen = Interlocked.CompareExchange(ref _used, used + amount, used);
            if (seen == used)
            {
                return true;
            }

            used = seen;
        }

        return false;
    }

    /// <summary>Adds <paramref name="amount"/> whatever the limit (negative: gives back part of a reservation).</summary>
    public void Add(long amount) => Interlocked.Add(ref _used, amount);
}
