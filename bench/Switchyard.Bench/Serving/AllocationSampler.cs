using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Switchyard.Bench.Serving;

/// <summary>
/// Samples what this process allocates, by type, from the runtime's GC AllocationTick events
/// (one per ≈ 100 KB allocated), so a probe can show which objects a request still allocates.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start()
    {
        _bytesByType.Clear();
        _recording = true;
    }

    /// <summary>Stops and returns the sampled types with their share of the sampled bytes, largest first.</summary>
    public IReadOnlyList<(string Type, double Share)> Stop(int top)
    {
        _recording = false;
        var total = _bytesByType.Values.Sum();
        return [.. _bytesByType.OrderByDescending(static p => p.Value).Take(top).Select(p => (p.Key, total > 0 ? (double)p.Value / total : 0))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var typeName = eventData.PayloadNames?.IndexOf("TypeName") is int t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames?.IndexOf("AllocationAmount64") is int a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _bytesByType.AddOrUpdate(typeName, amount, (_, sum) => sum + amount);
    }
}
