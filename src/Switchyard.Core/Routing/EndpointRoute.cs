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
    private readonly int[] _cumulativePercent;
    private readonly IReadOnlyList<TrafficRoute> _routes;

    public EndpointRoute(string endpointName, long configVersion, IReadOnlyList<ServedEntity> entities, IReadOnlyList<TrafficRoute> routes)
    {
        EndpointName = endpointName;
        ConfigVersion = configVersion;
        _entities = [.. entities];
        _routes = routes;
        var routed = new List<ServedEntity>(routes.Count);
        var cumulative = new List<int>(routes.Count);
        var total = 0;
        foreach (var route in routes)
        {
            if (route.TrafficPercentage > 0 && Find(route.ServedModelName) is { } entity)
            {
                total += route.TrafficPercentage;
                routed.Add(entity);
                cumulative.Add(total);
            }
        }

        _routed = [.. routed];
        _cumulativePercent = [.. cumulative];
    }

    public string EndpointName { get; }

    public long ConfigVersion { get; }

    public IReadOnlyList<ServedEntity> Entities => _entities;

    /// <summary>
    /// True when <c>ai_gateway.fallback_config</c> is enabled: a failed LLM query moves on to the
    /// next served entity.
    /// </summary>
    public bool FallbackEnabled { get; init; }

    /// <summary>The same snapshot with fallback switched (an <c>ai_gateway</c> update); the entities are shared.</summary>
    public EndpointRoute WithFallback(bool enabled) =>
        new(EndpointName, ConfigVersion, _entities, _routes) { FallbackEnabled = enabled };

    /// <summary>Picks a served entity at random, weighted by the traffic split; null when nothing takes traffic.</summary>
    public ServedEntity? Pick()
    {
        var percents = _cumulativePercent;
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
