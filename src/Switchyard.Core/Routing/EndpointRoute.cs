using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Routing;

/// <summary>
/// The immutable routing snapshot of one endpoint for one config version. A request reads it
/// once and uses it to the end, so a config swap never splits a request across two configs.
/// </summary>
public sealed class EndpointRoute
{
    private readonly ServedEntity[] _entities;
    private readonly ServedEntity[] _routed;
    private readonly int[] _cumulativeBasisPoints;
    private readonly IReadOnlyList<TrafficRoute> _routes;
    private readonly IReadOnlyList<ServedEntityConfig>? _declared;
    private readonly ShadowRoute[] _shadows;

    // Sticky endpoints only: the entity that owns each bucket (an index into _entities, NoOwner for none).
    private readonly byte[]? _bucketOwners;
    private const byte NoOwner = byte.MaxValue;

    /// <param name="sticky">The config's <c>traffic_config.sticky</c>; null assigns every request at random.</param>
    /// <param name="declared">
    /// The config's served entities as declared in this version, which say who is a shadow: an
    /// entity carried over from an earlier version keeps its first <see cref="ServedEntity.Config"/>
    /// (a change of role does not reload it). Null reads the entities' own configs.
    /// </param>
    public EndpointRoute(
        string endpointName, long configVersion, IReadOnlyList<ServedEntity> entities, IReadOnlyList<TrafficRoute> routes,
        StickyAssignment? sticky = null, IReadOnlyList<ServedEntityConfig>? declared = null)
    {
        EndpointName = endpointName;
        ConfigVersion = configVersion;
        ConfigVersionText = configVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Sticky = sticky;
        _entities = [.. entities];
        _routes = routes;
        _declared = declared;
        _shadows = [.. ShadowsOf(_entities, declared)];
        var routed = new List<ServedEntity>(routes.Count);
        var cumulative = new List<int>(routes.Count);
        var total = 0;
        foreach (var route in routes)
        {
            if (route.BasisPoints > 0 && Find(route.ServedModelName) is { } entity)
            {
                total += route.BasisPoints;
                routed.Add(entity);
                cumulative.Add(total);
            }
        }

        _routed = [.. routed];
        _cumulativeBasisPoints = [.. cumulative];
        if (sticky is not null)
        {
            _bucketOwners = BucketOwners(routes);
        }
    }

    public string EndpointName { get; }

    public long ConfigVersion { get; }

    /// <summary>The config version as the <c>x-config-version</c> header writes it, made once per snapshot.</summary>
    public string ConfigVersionText { get; }

    /// <summary>How a request's unit is keyed and hashed to a bucket; null when each request is assigned at random.</summary>
    public StickyAssignment? Sticky { get; }

    public IReadOnlyList<ServedEntity> Entities => _entities;

    /// <summary>
    /// True when <c>ai_gateway.fallback_config</c> is enabled: a failed LLM query moves on to the
    /// next served entity.
    /// </summary>
    public bool FallbackEnabled { get; init; }

    /// <summary>The same snapshot with fallback switched (an <c>ai_gateway</c> update); the entities are shared.</summary>
    public EndpointRoute WithFallback(bool enabled) =>
        new(EndpointName, ConfigVersion, _entities, _routes, Sticky, _declared) { FallbackEnabled = enabled };

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

    /// <summary>Picks a served entity at random, weighted by the traffic split; null when nothing takes traffic.</summary>
    public ServedEntity? Pick()
    {
        var percents = _cumulativeBasisPoints;
        if (percents.Length == 0)
        {
            return null;
        }

        var roll = Random.Shared.Next(percents[^1]);
        for (var i = 0; i < percents.Length; i++)
        {
            if (roll < percents[i])
            {
                return _routed[i];
            }
        }

        return _routed[^1];
    }

    /// <summary>
    /// The entity that owns the bucket of <paramref name="unitKey"/> (sticky endpoints): the same key
    /// gets the same bucket, and the same entity while its route keeps that bucket.
    /// </summary>
    public ServedEntity? PickByUnit(string unitKey, out int bucket)
    {
        bucket = AssignmentBucket.Of(Sticky!.Salt, unitKey);
        var owner = _bucketOwners![bucket];
        return owner == NoOwner ? Pick() : _entities[owner];
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

    private byte[] BucketOwners(IReadOnlyList<TrafficRoute> routes)
    {
        var owners = new byte[AssignmentBucket.Count];
        Array.Fill(owners, NoOwner);
        foreach (var (name, buckets) in BucketAllocation.Owned(routes))
        {
            var index = Array.FindIndex(_entities, e => e.Name == name);
            if (index < 0)
            {
                continue;
            }

            for (var p = 0; p + 1 < buckets.Count; p += 2)
            {
                owners.AsSpan(buckets[p], buckets[p + 1] - buckets[p]).Fill((byte)index);
            }
        }

        return owners;
    }
}
