using System.Collections.Concurrent;

namespace Switchyard.Server.Serving;

/// <summary>
/// Every endpoint's owner by name, and every endpoint's name by id for the permissions API (which
/// addresses endpoints by id). Looking up needs no lock: the data plane reads one snapshot per
/// query through <see cref="TryGetSnapshot"/>. It depends on nothing, so resolving it touches no
/// store; owners enter it through <see cref="EndpointIntake"/> and leave it when deleted.
/// </summary>
public sealed class EndpointDirectory
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

    /// <summary>
    /// Renders <paramref name="snapshot"/> with <paramref name="render"/> as of one moment, and answers
    /// the snapshot the answer shows. The snapshot's entities carry their own live deployment state, and
    /// a commit retires the entities of the snapshot it replaces just after publishing the new one: a
    /// rendering that overlapped that publish could show the old config's entities retired, so it is
    /// done again from the newer snapshot (a few times at most; commits are rare).
    /// </summary>
    public (EndpointSnapshot Snapshot, T Answer) Render<T>(EndpointSnapshot snapshot, Func<EndpointSnapshot, T> render)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = render(snapshot);
            if (attempt == 3 || TryGetSnapshot(snapshot.Name) is not { } now || ReferenceEquals(now, snapshot))
            {
                return (snapshot, answer);
            }

            snapshot = now;
        }
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

    /// <summary>The owner of <paramref name="name"/>, made by <paramref name="make"/> when it has none: the creates of one name meet at one owner.</summary>
    internal EndpointOwner Enter(string name, Func<string, EndpointOwner> make) => _owners.GetOrAdd(name, make);

    /// <summary>Lets <see cref="OwnerById"/> find the endpoint <paramref name="name"/> by its id.</summary>
    internal void AddId(string id, string name) => _namesById[id] = name;

    internal void RemoveId(string id, string name) => _namesById.TryRemove(KeyValuePair.Create(id, name));

    /// <summary>Takes out an owner whose endpoint is deleted, with its endpoint's id; the next create of its name gets a fresh owner.</summary>
    internal void Forget(EndpointOwner owner, string id)
    {
        _owners.TryRemove(KeyValuePair.Create(owner.Name, owner));
        RemoveId(id, owner.Name);
    }
}
