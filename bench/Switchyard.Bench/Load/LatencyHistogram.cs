using System.Numerics;

namespace Switchyard.Bench.Load;

/// <summary>
/// Latencies in nanoseconds, recorded into log-linear buckets the way HdrHistogram does: exact
/// below 2,048 ns, then 1,024 buckets per power of two (relative error under 0.1 %). Recording
/// is one <see cref="Interlocked.Increment(ref long)"/> and allocates nothing, so completions on
/// any thread can record while the schedule runs.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 10;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int ExactBelow = 2 * SubBuckets;

    /// <summary>Highest power of two kept apart; longer latencies (over ~68 s) share the last bucket.</summary>
    private const int MaxExponent = 26;

    private readonly long[] _counts = new long[ExactBelow + (MaxExponent * SubBuckets)];
    private long _total;
    private long _max;

    public long Count => Interlocked.Read(ref _total);

    public double MaxMicros => Interlocked.Read(ref _max) / 1_000.0;

    public void Record(long nanoseconds)
    {
        var value = Math.Max(0, nanoseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        var max = Interlocked.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at the given percentile (0–100), in microseconds: the upper edge of its bucket.</summary>
    public double PercentileMicros(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), Interlocked.Read(ref _max)) / 1_000.0;
            }
        }

        return MaxMicros;
    }

    public void Reset()
    {
        Array.Clear(_counts);
        _total = 0;
        _max = 0;
    }

    private static int IndexOf(long value)
    {
        if (value < ExactBelow)
        {
            return (int)value;
        }

        // value >> exponent lands in [1024, 2047]: the top 11 bits of the value.
        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        if (exponent > MaxExponent)
        {
            return ExactBelow + (MaxExponent * SubBuckets) - 1;
        }

        return ExactBelow + ((exponent - 1) * SubBuckets) + (int)((value >> exponent) - SubBuckets);
    }

    private static long UpperEdge(int index)
    {
        if (index < ExactBelow)
        {
            return index;
        }

        var exponent = ((index - ExactBelow) / SubBuckets) + 1;
        var mantissa = ((index - ExactBelow) % SubBuckets) + SubBuckets;
        return ((long)(mantissa + 1) << exponent) - 1;
    }
}
