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
    private readonly IReadOnlyList<ServedEntityConfig>? _declared;
    private readonly ShadowRoute[] _shadows;

    /// <param name="sticky">The config's <c>traffic_config.sticky</c>; null assigns every request at random.</param>
    /// <param name="segments">The config's <c>traffic_config.segments</c>, in the order they are tried.</param>
    /// <param name="declared">
    /// The config's served entities as declared in this version, which say who is a shadow: an
    /// entity carried over from an earlier version keeps its first <see cref="ServedEntity.Config"/>
    /// (a change of role does not reload it). Null reads the entities' own configs.
    /// </param>
    public EndpointRoute(
        string endpointName, long configVersion, IReadOnlyList<ServedEntity> entities, IReadOnlyList<TrafficRoute> routes,
        StickyAssignment? sticky = null, IReadOnlyList<TrafficSegment>? segments = null, IReadOnlyList<ServedEntityConfig>? declared = null)
    {
        EndpointName = endpointName;
        ConfigVersion = configVersion;
        ConfigVersionText = configVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Sticky = sticky;
        _entities = [.. entities];
        _routes = routes;
        _segmentConfigs = segments ?? [];
        _declared = declared;
        _shadows = [.. ShadowsOf(_entities, declared)];
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
        new(EndpointName, ConfigVersion, _entities, _routes, Sticky, _segmentConfigs, _declared) { FallbackEnabled = enabled };

    /// <summary>The shadows (<c>role: "shadow"</c>): they take no route and get copies of a sample of the primaries' queries.</summary>
    public IReadOnlyList<ShadowRoute> Shadows => _shadows;

    /// <summary>True when <paramref name="entity"/> is one of this version's shadows.</summary>
    public bool IsShadow(ServedEntity entity)
    {
        foreach (var shadow in _shadows)
        {
            if (ReferenceEquals(shadow.Entity, entity))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<ShadowRoute> ShadowsOf(ServedEntity[] entities, IReadOnlyList<ServedEntityConfig>? declared)
    {
        foreach (var entity in entities)
        {
            var config = declared?.FirstOrDefault(c => c.Name == entity.Name) ?? entity.Config;
            if (config.ShadowSamplePercentage is { } percentage)
            {
                yield return new ShadowRoute(entity, percentage);
            }
        }
    }

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
