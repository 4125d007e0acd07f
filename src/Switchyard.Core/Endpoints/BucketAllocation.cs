using Switchyard.Core.Routing;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Gives each route of a new config the buckets it owns, derived from what the serving config's
/// routes owned, so that a weight change moves as few units as it can. A route's buckets are kept
/// as <c>[start, end)</c> intervals in the order it got them:
/// <list type="number">
/// <item>A route of the serving config keeps its buckets in that order, up to its new share: a
/// route that grows keeps all it had, one that shrinks gives up the ones it got last.</item>
/// <item>Then each route short of its share, in route order, takes the lowest free buckets,
/// appended to its list.</item>
/// </list>
/// So a ramp keeps 100% of the units an arm had, a change moves Σ max(0, Δw) buckets (|Δw| for a
/// two-arm move), and going back to earlier weights gives back the earlier buckets. A first config
/// (nothing serving) gets the cumulative intervals in route order: route i owns
/// <c>[cum_i, cum_i + w_i)</c>; so does a serving config stored before buckets were kept.
/// </summary>
public static class BucketAllocation
{
    public static IReadOnlyList<TrafficRoute> Allocate(IReadOnlyList<TrafficRoute> routes, IReadOnlyList<TrafficRoute>? serving)
    {
        var taken = new bool[AssignmentBucket.Count];
        var before = serving is null ? [] : Owned(serving);
        var owned = new List<int>[routes.Count];
        var counts = new int[routes.Count];
        for (var i = 0; i < routes.Count; i++)
        {
            owned[i] = [];
            if (!before.TryGetValue(routes[i].ServedModelName, out var had))
            {
                continue;
            }

            for (var p = 0; p + 1 < had.Count && counts[i] < routes[i].BasisPoints; p += 2)
            {
                var end = Math.Min(had[p + 1], had[p] + (routes[i].BasisPoints - counts[i]));
                Take(owned[i], taken, had[p], end);
                counts[i] += end - had[p];
            }
        }

        var next = 0;
        for (var i = 0; i < routes.Count; i++)
        {
            for (; counts[i] < routes[i].BasisPoints && next < taken.Length; next++)
            {
                if (!taken[next])
                {
                    Take(owned[i], taken, next, next + 1);
                    counts[i]++;
                }
            }
        }

        var allocated = new TrafficRoute[routes.Count];
        for (var i = 0; i < routes.Count; i++)
        {
            allocated[i] = routes[i] with { Buckets = [.. owned[i]] };
        }

        return allocated;
    }

    /// <summary>Appends <c>[start, end)</c> to a route's intervals, joining it to the last one when they touch.</summary>
    private static void Take(List<int> intervals, bool[] taken, int start, int end)
    {
        taken.AsSpan(start, end - start).Fill(true);
        if (intervals.Count > 0 && intervals[^1] == start)
        {
            intervals[^1] = end;
        }
        else
        {
            intervals.Add(start);
            intervals.Add(end);
        }
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
}
