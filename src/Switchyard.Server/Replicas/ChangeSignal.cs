namespace Switchyard.Server.Replicas;

/// <summary>
/// What changed in the shared state, as one replica tells the others. Only what a replica keeps in
/// memory needs a signal: secrets, model grants and securable grants are read from the database
/// at each use, so a change to them made on one replica holds on every replica at once.
/// </summary>
public enum ChangeKind
{
    /// <summary>An endpoint's row (config, pending config, update state, tags, gateway, permissions) or its deletion; key: the endpoint's name.</summary>
    Endpoint,

    /// <summary>A principal, group, membership or token (the token cache); key: "*".</summary>
    Identity,

    /// <summary>A replica reported on an endpoint's pending config, joined or left; key: the endpoint's name, or "*" for all.</summary>
    ReplicaState,

    /// <summary>Notifications may have been missed (a broken LISTEN connection): re-read everything. Key: "*".</summary>
    Resync,
}

/// <summary>One change another replica published.</summary>
public readonly record struct Change(ChangeKind Kind, string Key, string Origin);

/// <summary>
/// How replicas tell each other that shared state changed, so each refreshes what it keeps in
/// memory. On one machine (SQLite) there is no one to tell (<see cref="LocalChangeSignal"/>); on
/// PostgreSQL it is LISTEN/NOTIFY (<see cref="PostgresChangeSignal"/>). A change is published after
/// its write committed; a replica never receives its own changes.
/// </summary>
public interface IChangeSignal
{
    /// <summary>This replica's name (<c>--replica-name</c>).</summary>
    string ReplicaName { get; }

    /// <summary>True when other replicas may write the same database (what this replica holds may lag theirs by a notification).</summary>
    bool IsShared { get; }

    /// <summary>Tells every other replica that <paramref name="kind"/>/<paramref name="key"/> changed. Never throws: a lost signal is caught up by the followers' resynchronisation.</summary>
    ValueTask PublishAsync(ChangeKind kind, string key, CancellationToken ct);

    /// <summary>Calls <paramref name="handler"/> for every change another replica publishes, and with <see cref="ChangeKind.Resync"/> when some may have been missed.</summary>
    IDisposable Subscribe(Func<Change, CancellationToken, Task> handler);
}
