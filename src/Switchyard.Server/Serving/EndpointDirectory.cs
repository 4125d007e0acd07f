using System.Collections.Concurrent;
using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Serving;

/// <summary>
/// Every endpoint's owner by name, and every endpoint's name by id for the permissions API (which
/// addresses endpoints by id). Looking up needs no lock: the data plane reads one snapshot per
/// query through <see cref="TryGetSnapshot"/>. Filled from the store at start-up
/// (<see cref="DeploymentRestorer"/>), then kept by the owners as endpoints come and go.
/// </summary>
public sealed class EndpointDirectory(IEndpointStore store, Deployer deployer, TimeProvider time, ILogger<EndpointOwner> logger)
{
    private readonly ConcurrentDictionary<string, EndpointOwner> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _namesById = new(StringComparer.Ordinal);

    /// <summary>The endpoint's state now, or null when there is no such endpoint.</summary>
    public EndpointSnapshot? TryGetSnapshot(string name) =>
        _owners.TryGetValue(name, out var owner) ? owner.Snapshot : null;

    /// <summary>The owner of the endpoint named so, or null when there is none.</summary>
    public EndpointOwner? OwnerOf(string name) =>
        _owners.TryGetValue(name, out var owner) && owner.Snapshot is not null ? owner : null;

    /// <summary>The owner of the endpoint with this id, or null when there is none.</summary>
    public EndpointOwner? OwnerById(string id) =>
        _namesById.TryGetValue(id, out var name) && OwnerOf(name) is { } owner && owner.Snapshot?.Endpoint.Id == id ? owner : null;

    /// <summary>Every endpoint's state now, in name order (as the store lists them).</summary>
    public IReadOnlyList<EndpointSnapshot> List()
    {
        var snapshots = Snapshots().ToList();
        snapshots.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return snapshots;
    }

    /// <summary>Every endpoint's state now, in no particular order.</summary>
    public IEnumerable<EndpointSnapshot> Snapshots()
    {
        // The dictionary's enumerator takes no lock, unlike its Values.
        foreach (var (_, owner) in _owners)
        {
            if (owner.Snapshot is { } snapshot)
            {
                yield return snapshot;
            }
        }
    }

    /// <summary>Stores and publishes a new endpoint; RESOURCE_ALREADY_EXISTS when its name is taken.</summary>
    public async Task<EndpointSnapshot> CreateAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        _namesById[endpoint.Id] = endpoint.Name;
        try
        {
            while (true)
            {
                // Creates of one name meet at one owner, whose lock orders them. An owner whose
                // endpoint was deleted while we waited has left the directory: the next is fresh.
                var owner = _owners.GetOrAdd(endpoint.Name, NewOwner);
                if (await owner.TryCreateAsync(endpoint, ct) is { } created)
                {
                    return created;
                }
            }
        }
        catch
        {
            _namesById.TryRemove(KeyValuePair.Create(endpoint.Id, endpoint.Name));
            throw;
        }
    }

    /// <summary>Brings back one stored endpoint at start-up, before the server takes requests.</summary>
    public Task RestoreAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        var owner = _owners.GetOrAdd(endpoint.Name, NewOwner);
        _namesById[endpoint.Id] = endpoint.Name;
        return owner.RestoreAsync(endpoint, ct);
    }

    private EndpointOwner NewOwner(string name) => new(name, store, deployer, time, logger, Forget);

    private void Forget(EndpointOwner owner, string id)
    {
        _owners.TryRemove(KeyValuePair.Create(owner.Name, owner));
        _namesById.TryRemove(KeyValuePair.Create(id, owner.Name));
    }
}
