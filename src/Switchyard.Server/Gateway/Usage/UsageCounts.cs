namespace Switchyard.Server.Gateway.Usage;

/// <summary>
/// What became of an endpoint's usage rows since start-up: written to the store, or dropped (the
/// queue was full, or the write failed). Shown on the endpoint's metrics route.
/// </summary>
public readonly record struct UsageCounts(long Written, long Dropped);

/// <summary>One endpoint's counters, bumped from the query path (drops) and the writer (writes).</summary>
internal sealed class UsageCounter
{
    private long _written;
    private long _dropped;

    public UsageCounts Read() => new(Interlocked.Read(ref _written), Interlocked.Read(ref _dropped));

    public void AddWritten(long rows) => Interlocked.Add(ref _written, rows);

    public void AddDropped(long rows) => Interlocked.Add(ref _dropped, rows);
}
