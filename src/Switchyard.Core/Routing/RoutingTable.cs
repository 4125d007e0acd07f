using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Switchyard.Core.Routing;

/// <summary>
/// The live routing of every endpoint: name to its current snapshot. Reads take no lock; a
/// config swap replaces one endpoint's snapshot with a single atomic write.
/// </summary>
public sealed class RoutingTable
{
    private readonly ConcurrentDictionary<string, EndpointRoute> _routes = new(StringComparer.Ordinal);

    public bool TryGet(string endpointName, [NotNullWhen(true)] out EndpointRoute? route) =>
        _routes.TryGetValue(endpointName, out route);

    /// <summary>Makes <paramref name="route"/> live and answers the snapshot it replaced, if any.</summary>
    public EndpointRoute? Publish(EndpointRoute route)
    {
        EndpointRoute? previous = null;
        _routes.AddOrUpdate(route.EndpointName, route, (_, old) =>
        {
            previous = old;
            return route;
        });
        return previous;
    }

    public EndpointRoute? Remove(string endpointName) =>
        _routes.TryRemove(endpointName, out var removed) ? removed : null;

    public ICollection<EndpointRoute> Snapshot() => _routes.Values;
}
