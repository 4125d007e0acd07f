namespace Switchyard.Core.Routing;

/// <summary>
/// A served entity's traffic over the last hour in one-minute buckets: queries, errors, tokens and
/// a latency histogram per minute, for the endpoint page's charts that put the arms of a split
/// side by side. Recording is a few interlocked adds on the current minute's bucket; the first
/// query of a new minute clears the bucket an hour old under a lock taken once per minute. Running
/// totals since the entity was built (<see cref="Totals"/>) give any window by difference.
/// </summary>
public sealed class TrafficSeries(TimeProvider time)
{
    public const int Minutes = 60;

    private readonly Bucket[] _buckets = CreateBuckets();
    private readonly Bucket _total = new();

    /// <summary>Counts one answered query: its latency, whether it failed (answered with a status of 400 or above) and the tokens it used.</summary>
    public void Record(double latencyMs, bool failed, long tokens)
    {
        var bucket = Current(MinuteNow());
        Interlocked.Increment(ref bucket.Requests);
        if (failed)
        {
            Interlocked.Increment(ref bucket.Errors);
        }

        if (tokens > 0)
        {
            Interlocked.Add(ref bucket.Tokens, tokens);
        }

        var index = LatencyBuckets.IndexOf(latencyMs);
        Interlocked.Increment(ref bucket.Latency[index]);
        // The running totals never wrap: a rollout's window is the difference of two readings.
        Interlocked.Increment(ref _total.Requests);
        if (failed)
        {
            Interlocked.Increment(ref _total.Errors);
        }

        Interlocked.Increment(ref _total.Latency[index]);
    }

    /// <summary>Everything counted since the entity was built (a reading; take another later and subtract).</summary>
    public TrafficTotals Totals()
    {
        var latency = new long[LatencyBuckets.Count];
        for (var i = 0; i < latency.Length; i++)
        {
            latency[i] = Volatile.Read(ref _total.Latency[i]);
        }

        // Counts are read after the histogram (and written before it): a query counted meanwhile may be in the count only, never in the histogram only.
        return new TrafficTotals(Volatile.Read(ref _total.Requests), Volatile.Read(ref _total.Errors), latency);
    }

    /// <summary>The last <paramref name="minutes"/> minutes, oldest first, the current (partial) minute last.</summary>
    public IReadOnlyList<TrafficPoint> Read(int minutes = Minutes)
    {
        minutes = Math.Clamp(minutes, 1, Minutes);
        var now = MinuteNow();
        var points = new TrafficPoint[minutes];
        var counts = new long[LatencyBuckets.Count];
        for (var i = 0; i < minutes; i++)
        {
            var minute = now - (minutes - 1 - i);
            var bucket = _buckets[Slot(minute)];
            if (Volatile.Read(ref bucket.Minute) != minute)
            {
                points[i] = new TrafficPoint(minute * 60_000, 0, 0, 0, null, null);
                continue;
            }

            for (var b = 0; b < counts.Length; b++)
            {
                counts[b] = Volatile.Read(ref bucket.Latency[b]);
            }

            points[i] = new TrafficPoint(minute * 60_000, Volatile.Read(ref bucket.Requests), Volatile.Read(ref bucket.Errors),
                Volatile.Read(ref bucket.Tokens), LatencyBuckets.Quantile(counts, 0.5), LatencyBuckets.Quantile(counts, 0.99));
        }

        return points;
    }

    private long MinuteNow() => time.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;

    private static int Slot(long minute) => (int)(minute % Minutes);

    private Bucket Current(long minute)
    {
        var bucket = _buckets[Slot(minute)];
        if (Volatile.Read(ref bucket.Minute) != minute)
        {
            lock (bucket)
            {
                if (bucket.Minute != minute)
                {
                    bucket.Clear();
                    Volatile.Write(ref bucket.Minute, minute);
                }
            }
        }

        return bucket;
    }

    private static Bucket[] CreateBuckets()
    {
        var buckets = new Bucket[Minutes];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new Bucket();
        }

        return buckets;
    }

    private sealed class Bucket
    {
        public long Minute = -1;
        public long Requests;
        public long Errors;
        public long Tokens;
        public readonly long[] Latency = new long[LatencyBuckets.Count];

        public void Clear()
        {
            Requests = 0;
            Errors = 0;
            Tokens = 0;
            Array.Clear(Latency);
        }
    }
}

/// <summary>One minute of a served entity's traffic; the latency quantiles are null for a minute without queries.</summary>
/// <param name="Time">The minute's start, in epoch milliseconds.</param>
public readonly record struct TrafficPoint(long Time, long Requests, long Errors, long Tokens, double? P50Ms, double? P99Ms);
