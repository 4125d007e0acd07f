using System.Collections.Concurrent;

namespace Switchyard.Server.Experiments;

/// <summary>
/// How many queries each shadow sampled, how many copies it was sent and how many it was not
/// (dropped: the dispatcher's queue was full, the shadow had no free concurrency slot, or a rate
/// limit refused the call), per
/// endpoint and served entity name, since start-up (or since the endpoint was deleted). The shadow
/// report reads them; they live in memory only, as the rate limits' counts do.
/// </summary>
public sealed class ShadowCounters
{
    private readonly ConcurrentDictionary<(string Endpoint, string Shadow), Counter> _counters = new();

    /// <summary>One shadow's counts; zeros for a shadow never sampled.</summary>
    public ShadowCount Of(string endpointName, string servedEntityName) =>
        _counters.TryGetValue((endpointName, servedEntityName), out var counter) ? counter.Read() : default;

    /// <summary>A query the shadow sampled (counted before the primary answers it; its copy is sent or dropped after).</summary>
    public void Sampled(string endpointName, string servedEntityName) => CounterOf(endpointName, servedEntityName).AddSampled();

    /// <summary>A copy handed to the shadow.</summary>
    public void Sent(string endpointName, string servedEntityName) => CounterOf(endpointName, servedEntityName).AddSent();

    /// <summary>A sampled copy the shadow never got.</summary>
    public void Dropped(string endpointName, string servedEntityName) => CounterOf(endpointName, servedEntityName).AddDropped();

    /// <summary>Forgets a deleted endpoint's counts, so an endpoint created again under its name starts from zero.</summary>
    public void Forget(string endpointName)
    {
        foreach (var key in _counters.Keys)
        {
            if (key.Endpoint == endpointName)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private Counter CounterOf(string endpointName, string servedEntityName) =>
        _counters.GetOrAdd((endpointName, servedEntityName), static _ => new Counter());

    private sealed class Counter
    {
        private long _sampled;
        private long _sent;
        private long _dropped;

        public void AddSampled() => Interlocked.Increment(ref _sampled);

        public void AddSent() => Interlocked.Increment(ref _sent);

        public void AddDropped() => Interlocked.Increment(ref _dropped);

        public ShadowCount Read() => new(Interlocked.Read(ref _sampled), Interlocked.Read(ref _sent), Interlocked.Read(ref _dropped));
    }
}

/// <summary>
/// A shadow's counts: queries it sampled, copies sent to it, and sampled copies dropped before
/// they reached it. Sent + Dropped catches up with Sampled once the dispatcher has decided on
/// every copy (a moment after each primary answers).
/// </summary>
public readonly record struct ShadowCount(long Sampled, long Sent, long Dropped);
