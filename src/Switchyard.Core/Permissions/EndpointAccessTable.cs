using System.Collections.Concurrent;

namespace Switchyard.Core.Permissions;

/// <summary>
/// Every endpoint's access rules in memory, so the data plane checks CAN_QUERY without a
/// database read. The control plane updates it after each write to the store.
/// </summary>
public sealed class EndpointAccessTable
{
    private readonly ConcurrentDictionary<string, EndpointAccess> _access = new(StringComparer.Ordinal);

    public EndpointAccess? Get(string endpointName) => _access.GetValueOrDefault(endpointName);

    public void Set(string endpointName, EndpointAccess access) => _access[endpointName] = access;

    public void Remove(string endpointName) => _access.TryRemove(endpointName, out _);
}
