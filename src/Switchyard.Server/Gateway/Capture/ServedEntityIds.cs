using System.Collections.Concurrent;
using Switchyard.Core.Gateway;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// The <see cref="ServedEntityId"/> and <see cref="ServedEntityRecord"/> of each served entity at
/// each config version, derived once and kept: a query looks them up (a tuple key, nothing
/// allocated) instead of hashing per query.
/// </summary>
public sealed class ServedEntityIds
{
    private readonly ConcurrentDictionary<(string Endpoint, string Served, long Version), ServedEntityRecord> _records = new();

    public ServedEntityRecord Of(EndpointRoute route, ServedEntity entity) =>
        _records.GetOrAdd((route.EndpointName, entity.Name, route.ConfigVersion), static (key, config) => new ServedEntityRecord(
            ServedEntityId.Of(key.Endpoint, key.Served, key.Version),
            key.Endpoint,
            key.Served,
            config.External?.Name ?? config.EntityName,
            config.External is null ? config.EntityVersion : null,
            key.Version,
            DateTimeOffset.FromUnixTimeMilliseconds(config.CreationTimestamp)), entity.Config);

    /// <summary>What a query refused before an entity was chosen is joined to: no entity (an empty id).</summary>
    public static ServedEntityRecord None(EndpointRoute route) =>
        new("", route.EndpointName, "", "", null, route.ConfigVersion, DateTimeOffset.UnixEpoch);
}
