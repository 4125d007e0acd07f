using System.Collections.Concurrent;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Registry;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// What the throughput probe measured, once per version: a version's artifact never changes, so
/// the first measurement stands. A failed measurement is forgotten so that the next ask retries.
/// </summary>
public sealed class ThroughputMeasurements(IThroughputProbe probe)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<double?>>> _measured = new(StringComparer.Ordinal);

    public async Task<double?> TokensPerSecondAsync(ModelVersion version, CancellationToken ct)
    {
        // Keyed by the store folder: unique per version, and never reused after a delete.
        var key = version.StorageLocation;
        var measurement = _measured.GetOrAdd(key, _ => new Lazy<Task<double?>>(() => probe.MeasureAsync(version, CancellationToken.None)));
        try
        {
            // One caller going away does not cancel the measurement the others share.
            return await measurement.Value.WaitAsync(ct);
        }
        catch (Exception) when (measurement.Value.IsFaulted || measurement.Value.IsCanceled)
        {
            _measured.TryRemove(new KeyValuePair<string, Lazy<Task<double?>>>(key, measurement));
            throw;
        }
    }
}

/// <summary>The probe while no LLM engine is linked: nothing is measured.</summary>
public sealed class NoThroughputProbe : IThroughputProbe
{
    public Task<double?> MeasureAsync(ModelVersion version, CancellationToken ct) => Task.FromResult<double?>(null);
}
