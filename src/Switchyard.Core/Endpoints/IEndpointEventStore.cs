namespace Switchyard.Core.Endpoints;

/// <summary>
/// Where endpoints' timelines are kept (<c>endpoint_events</c>), so they outlive a restart.
/// Written by one background writer in batches; read by the events route, newest first.
/// </summary>
public interface IEndpointEventStore
{
    /// <summary>
    /// Appends <paramref name="events"/> in one transaction, then keeps only the newest
    /// <paramref name="keepPerEndpoint"/> of each endpoint they name, so no timeline grows without end.
    /// </summary>
    Task AppendAsync(IReadOnlyList<EndpointEvent> events, int keepPerEndpoint, CancellationToken ct);

    /// <summary>At most <paramref name="maxResults"/> of an endpoint's events, newest first (by time, then by order written).</summary>
    Task<IReadOnlyList<EndpointEvent>> ReadAsync(string endpointId, int maxResults, CancellationToken ct);

    /// <summary>Deletes every event of an endpoint (it was deleted).</summary>
    Task DeleteEndpointAsync(string endpointId, CancellationToken ct);
}
