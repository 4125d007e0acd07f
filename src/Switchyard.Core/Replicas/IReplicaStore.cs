namespace Switchyard.Core.Replicas;

/// <summary>A replica as its heartbeat row shows it: its name, where it listens, when it started and when it last beat (database clock, Unix ms).</summary>
public sealed record ReplicaRow(string Name, string Urls, long StartedAt, long SeenAt);

/// <summary>
/// What one replica reported for one endpoint: the config version it serves, or the pending one it
/// prepared or failed to load (with why). <paramref name="Attempt"/> tells apart two rollouts of one
/// version number (a failed version's number is reused by the next update): the pending config's start time.
/// </summary>
public sealed record ReplicaEndpointState(
    string Replica, string Endpoint, long ConfigVersion, long Attempt, ReplicaRolloutState State, string? Failure, long ReportedAt = 0);

public enum ReplicaRolloutState
{
    /// <summary>The replica serves this config version.</summary>
    Serving,

    /// <summary>The replica has loaded the pending config beside the serving one and can switch to it at once.</summary>
    Prepared,

    /// <summary>The replica could not load the pending config.</summary>
    Failed,
}

/// <summary>
/// The replicas sharing one database: heartbeat rows (a replica is live while its row was seen in
/// the last few seconds) and each replica's report on each endpoint's pending config, which
/// coordinated rollouts tally. Times are the database's clock, so replicas' clocks need not agree.
/// </summary>
public interface IReplicaStore
{
    /// <summary>Writes this replica's heartbeat (creating its row on the first beat).</summary>
    Task BeatAsync(string name, string urls, long startedAt, CancellationToken ct);

    /// <summary>Removes this replica's rows: it is stopping and must not hold rollouts back.</summary>
    Task LeaveAsync(string name, CancellationToken ct);

    /// <summary>Every replica seen within <paramref name="window"/>, in name order, and the database's time now.</summary>
    Task<(IReadOnlyList<ReplicaRow> Live, long Now)> LiveAsync(TimeSpan window, CancellationToken ct);

    /// <summary>
    /// Records what <paramref name="state"/> says about one replica and one endpoint. A replica has two
    /// reports per endpoint: what it serves, and what it did with the latest rollout; each replaces its own kind.
    /// </summary>
    Task ReportAsync(ReplicaEndpointState state, CancellationToken ct);

    /// <summary>Every replica's latest report on <paramref name="endpoint"/>.</summary>
    Task<IReadOnlyList<ReplicaEndpointState>> ReportsAsync(string endpoint, CancellationToken ct);

    /// <summary>Every replica's latest report on every endpoint (the admin route's view).</summary>
    Task<IReadOnlyList<ReplicaEndpointState>> AllReportsAsync(CancellationToken ct);
}
