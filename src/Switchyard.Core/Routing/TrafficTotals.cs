namespace Switchyard.Core.Routing;

/// <summary>
/// A served entity's answered queries since it was built: counts, errors and a latency histogram
/// (<see cref="LatencyBuckets"/>). Never reset, so the traffic of any window is the difference of
/// two readings: a rollout reads one when a step applies and judges the step on what came since.
/// </summary>
public sealed class TrafficTotals
{
    private readonly long[] _latency;

    public TrafficTotals(long requests, long errors, long[] latency)
    {
        Requests = requests;
        Errors = errors;
        _latency = latency;
    }

    public static TrafficTotals None { get; } = new(0, 0, new long[LatencyBuckets.Count]);

    public long Requests { get; }

    public long Errors { get; }

    public ReadOnlySpan<long> Latency => _latency;

    /// <summary>What was counted after <paramref name="earlier"/> was read.</summary>
    public TrafficTotals Since(TrafficTotals earlier)
    {
        var latency = new long[LatencyBuckets.Count];
        for (var i = 0; i < latency.Length; i++)
        {
            latency[i] = Math.Max(0, _latency[i] - earlier._latency[i]);
        }

        return new TrafficTotals(Math.Max(0, Requests - earlier.Requests), Math.Max(0, Errors - earlier.Errors), latency);
    }

    /// <summary>Both entities' traffic together (the baseline's arms as one).</summary>
    public TrafficTotals Plus(TrafficTotals other)
    {
        var latency = new long[LatencyBuckets.Count];
        for (var i = 0; i < latency.Length; i++)
        {
            latency[i] = _latency[i] + other._latency[i];
        }

        return new TrafficTotals(Requests + other.Requests, Errors + other.Errors, latency);
    }

    /// <summary>The latency quantile <paramref name="q"/> in milliseconds (a bucket's middle); null without queries.</summary>
    public double? LatencyQuantile(double q) => LatencyBuckets.Quantile(_latency, q);
}
