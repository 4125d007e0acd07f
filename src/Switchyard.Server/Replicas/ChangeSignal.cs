namespace Switchyard.Server.Replicas;

/// <summary>What changed in the shared state, as one replica tells the others.</summary>
public enum ChangeKind
{
    /// <summary>An endpoint's row (config, pending config, tags, gateway, permissions) or its deletion; key: the endpoint's name.</summary>
    Endpoint,

    /// <summary>A principal, group, membership or token; key: the principal's id, or "*".</summary>
    Identity,

    /// <summary>A secret scope, secret or secret ACL; key: the scope.</summary>
    Secret,

    /// <summary>A model or securable grant, or a registry change that affects serving; key: the securable's full name.</summary>
    Grant,

    /// <summary>A replica's own state for an endpoint (prepared, loaded, failed); key: the endpoint's name.</summary>
    ReplicaState,

    /// <summary>Notifications may have been missed (a broken LISTEN connection, a restart): re-read everything. Key: "*".</summary>
    Resync,
}

/// <summary>One change another replica published.</summary>
public readonly record struct Change(ChangeKind Kind, string Key, string Origin);

/// <summary>
/// How replicas tell each other that shared state changed, so each refreshes what it keeps in
/// memory. On one machine (SQLite) there is no one to tell (<see cref="LocalChangeSignal"/>); on
/// PostgreSQL it is LISTEN/NOTIFY. A change is published after its write committed; a replica
/// never receives its own changes.
/// </summary>
public interface IChangeSignal
{
    /// <summary>This replica's name (<c>--replica-name</c>).</summary>
    string ReplicaName { get; }

    /// <summary>Tells every other replica that <paramref name="kind"/>/<paramref name="key"/> changed.</summary>
    ValueTask PublishAsync(ChangeKind kind, string key, CancellationToken ct);

    /// <summary>Calls <paramref name="handler"/> for every change another replica publishes, and with <see cref="ChangeKind.Resync"/> when some may have been missed.</summary>
    IDisposable Subscribe(Func<Change, CancellationToken, Task> handler);
}
