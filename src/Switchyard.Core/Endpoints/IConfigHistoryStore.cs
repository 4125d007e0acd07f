namespace Switchyard.Core.Endpoints;

/// <summary>
/// Where each endpoint's accepted configs are kept (<c>endpoint_config_history</c>), keyed by the
/// endpoint's id and the config version, so they outlive a restart and go with the endpoint.
/// </summary>
public interface IConfigHistoryStore
{
    /// <summary>Stores one version; a version number taken again (the last update failed and the next reused it) replaces the row.</summary>
    Task SaveAsync(ConfigHistoryEntry entry, CancellationToken ct);

    /// <summary>At most <paramref name="maxResults"/> of an endpoint's versions, newest first.</summary>
    Task<IReadOnlyList<ConfigHistoryEntry>> ReadAsync(string endpointId, int maxResults, CancellationToken ct);

    /// <summary>One version of an endpoint, or null when it has none of that number.</summary>
    Task<ConfigHistoryEntry?> FindAsync(string endpointId, long configVersion, CancellationToken ct);

    /// <summary>Deletes every version of an endpoint (it was deleted).</summary>
    Task DeleteEndpointAsync(string endpointId, CancellationToken ct);
}
