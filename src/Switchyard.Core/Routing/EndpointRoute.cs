using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Routing;

/// <summary>
/// The immutable routing snapshot of one endpoint for one config version. A request reads it
/// once and uses it to the end, so a config swap never splits a request across two configs.
/// </summary>
public sealed class EndpointRoute
{
    private readonly ServedEntity[] _entities;
    private readonly IReadOnlyList<TrafficRoute> _routes;
    private readonly IReadOnlyList<TrafficSegment> _segmentConfigs;

    /// <param name="sticky">The config's <c>traffic_config.sticky</c>; null assigns every request at random.</param>
    /// <param name="segments">The config's <c>traffic_config.segments</c>, in the order they are tried.</param>
    public EndpointRoute(
        string endpointName, long configVersion, IReadOnlyList<ServedEntity> entities, IReadOnlyList<TrafficRoute> routes,
        StickyAssignment? sticky = null, IReadOnlyList<TrafficSegment>? segments = null)
    {
        EndpointName = endpointName;
        ConfigVersion = configVersion;
        ConfigVersionText = configVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Sticky = sticky;
        _entities = [.. entities];
        _routes = routes;
        _segmentConfigs = segments ?? [];
        Default = new TrafficSplit(_entities, routes, sticky is not null);
        Segments = [.. _segmentConfigs.Select(s => new RoutedSegment(s.Name, s.Match, new TrafficSplit(_entities, s.Routes, sticky is not null)))];
    }

    public string EndpointName { get; }

    public long ConfigVersion { get; }

    /// <summary>The config version as the <c>x-config-version</c> header writes it, made once per snapshot.</summary>
    public string ConfigVersionText { get; }

    /// <summary>How a request's unit is keyed and hashed to a bucket; null when each request is assigned at random.</summary>
    public StickyAssignment? Sticky { get; }

    public IReadOnlyList<ServedEntity> Entities => _entities;

    /// <summary>The split of traffic no segment matches (the config's <c>traffic_config.routes</c>).</summary>
    public TrafficSplit Default { get; }

    /// <summary>The config's segments with their splits, in the order they are tried; empty for most endpoints.</summary>
    public RoutedSegment[] Segments { get; }

    /// <summary>
    /// True when <c>ai_gateway.fallback_config</c> is enabled: a failed LLM query moves on to the
    /// next served entity.
    /// </summary>
    public bool FallbackEnabled { get; init; }

    /// <summary>The same snapshot with fallback switched (an <c>ai_gateway</c> update); the entities are shared.</summary>
    public EndpointRoute WithFallback(bool enabled) =>
        new(EndpointName, ConfigVersion, _entities, _routes, Sticky, _segmentConfigs) { FallbackEnabled = enabled };

    /// <summary>Picks a served entity of the default split at random, weighted; null when nothing takes traffic.</summary>
    public ServedEntity? Pick() => Default.Pick();

    /// <summary>
    /// The entity of <paramref name="split"/> (the default one when null) that owns the bucket of
    /// <paramref name="unitKey"/> (sticky endpoints): the same key gets the same bucket, and the same
    /// entity while its route keeps that bucket.
    /// </summary>
    public ServedEntity? PickByUnit(string unitKey, out int bucket, TrafficSplit? split = null)
    {
        bucket = AssignmentBucket.Of(Sticky!.Salt, unitKey);
        return (split ?? Default).PickByBucket(bucket);
    }

    public ServedEntity? Find(string servedName)
    {
        foreach (var entity in _entities)
        {
            if (entity.Name == servedName)
            {
                return entity;
            }
        }

        return null;
    }
}

/// <summary>A segment of the snapshot: its name, what it matches and its split.</summary>
public sealed record RoutedSegment(string Name, SegmentMatch Match, TrafficSplit Split);
