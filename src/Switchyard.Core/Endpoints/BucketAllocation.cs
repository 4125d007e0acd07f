using Switchyard.Core.Routing;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Gives each route of a new config the buckets it owns, derived from what the serving config's
/// routes owned, so that a weight change moves as few units as it can:
/// <list type="number">
/// <item>A route of the serving config keeps its lowest buckets, up to its new share: a route that
/// grows keeps all it had, one that shrinks gives up its highest.</item>
/// <item>Then each route short of its share, in route order, takes the lowest free buckets.</item>
/// </list>
/// So a ramp keeps 100% of the units an arm had, and a change moves Σ max(0, Δw) buckets, which
/// is |Δw| for a two-arm move. A first config (nothing serving) gets the cumulative intervals in
/// route order: route i owns <c>[cum_i, cum_i + w_i)</c>; so does a serving config stored before
/// buckets were kept.
/// </summary>
public static class BucketAllocation
{
    public static IReadOnlyList<TrafficRoute> Allocate(IReadOnlyList<TrafficRoute> routes, IReadOnlyList<TrafficRoute>? serving)
    {
        const int Free = -1;
        var owner = new int[AssignmentBucket.Count];
        Array.Fill(owner, Free);
        var before = serving is null ? [] : Owned(serving);
        var counts = new int[routes.Count];
        for (var i = 0; i < routes.Count; i++)
        {
            if (!before.TryGetValue(routes[i].ServedModelName, out var had))
            {
                continue;
            }

            for (var p = 0; p < had.Count && counts[i] < routes[i].BasisPoints; p += 2)
            {
                for (var bucket = had[p]; bucket < had[p + 1] && counts[i] < routes[i].BasisPoints; bucket++)
                {
                    owner[bucket] = i;
                    counts[i]++;
                }
            }
        }

        var next = 0;
        for (var i = 0; i < routes.Count; i++)
        {
            for (; counts[i] < routes[i].BasisPoints && next < owner.Length; next++)
            {
                if (owner[next] == Free)
                {
                    owner[next] = i;
                    counts[i]++;
                }
            }
        }

        var allocated = new TrafficRoute[routes.Count];
        for (var i = 0; i < routes.Count; i++)
        {
            allocated[i] = routes[i] with { Buckets = Intervals(owner, i) };
        }

        return allocated;
    }

    /// <summary>The buckets a config's routes own: as kept, or the cumulative intervals of a config stored without them.</summary>
    public static Dictionary<string, IReadOnlyList<int>> Owned(IReadOnlyList<TrafficRoute> routes)
    {
        var owned = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        var start = 0;
        foreach (var route in routes)
        {
            owned[route.ServedModelName] = route.Buckets ?? [start, start + route.BasisPoints];
            start += route.BasisPoints;
        }

        return owned;
    }

    private static int[] Intervals(int[] owner, int route)
    {
        var pairs = new List<int>();
        for (var bucket = 0; bucket < owner.Length; bucket++)
        {
            if (owner[bucket] != route)
            {
                continue;
            }

            var start = bucket;
            while (bucket + 1 < owner.Length && owner[bucket + 1] == route)
            {
                bucket++;
            }

            pairs.Add(start);
            pairs.Add(bucket + 1);
        }

        return [.. pairs];
    }
}
