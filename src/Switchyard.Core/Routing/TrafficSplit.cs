using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Routing;

/// <summary>
/// One split of an endpoint's traffic (its default routes, or a segment's) over the snapshot's
/// entities: a weighted random pick, and on sticky endpoints the entity that owns each bucket.
/// </summary>
public sealed class TrafficSplit
{
    private readonly ServedEntity[] _entities;
    private readonly ServedEntity[] _routed;
    private readonly int[] _cumulativeBasisPoints;

    // Sticky endpoints only: the entity that owns each bucket (an index into _entities, NoOwner for none).
    private readonly byte[]? _bucketOwners;
    private const byte NoOwner = byte.MaxValue;

    /// <param name="entities">The snapshot's entities; a route naming none of them takes no traffic.</param>
    /// <param name="sticky">True when units are assigned by bucket (the endpoint has <c>traffic_config.sticky</c>).</param>
    public TrafficSplit(ServedEntity[] entities, IReadOnlyList<TrafficRoute> routes, bool sticky)
    {
        _entities = entities;
        var routed = new List<ServedEntity>(routes.Count);
        var cumulative = new List<int>(routes.Count);
        var total = 0;
        foreach (var route in routes)
        {
            if (route.BasisPoints > 0 && Array.Find(entities, e => e.Name == route.ServedModelName) is { } entity)
            {
                total += route.BasisPoints;
                routed.Add(entity);
                cumulative.Add(total);
            }
        }

        _routed = [.. routed];
        _cumulativeBasisPoints = [.. cumulative];
        if (sticky)
        {
            _bucketOwners = BucketOwners(routes);
        }
    }

    /// <summary>Picks a served entity at random, weighted by the split; null when nothing takes traffic.</summary>
    public ServedEntity? Pick()
    {
        var cumulative = _cumulativeBasisPoints;
        if (cumulative.Length == 0)
        {
            return null;
        }

        var roll = Random.Shared.Next(cumulative[^1]);
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (roll < cumulative[i])
            {
                return _routed[i];
            }
        }

        return _routed[^1];
    }

    /// <summary>The entity that owns <paramref name="bucket"/> (sticky splits); at random when no route owns it.</summary>
    public ServedEntity? PickByBucket(int bucket)
    {
        var owner = _bucketOwners![bucket];
        return owner == NoOwner ? Pick() : _entities[owner];
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
