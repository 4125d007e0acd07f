namespace Switchyard.Server.Replicas;

public enum RolloutDecision
{
    /// <summary>Some live replica has not reported on this rollout yet.</summary>
    Wait,

    /// <summary>Every live replica has the pending config loaded: it may serve.</summary>
    Commit,

    /// <summary>Some replica could not load it: the update fails everywhere.</summary>
    Fail,
}

/// <summary>What the replicas' reports on one rollout decide, and, for a failure, why.</summary>
public readonly record struct RolloutVerdict(RolloutDecision Decision, string? Failure = null)
{
    public static readonly RolloutVerdict Wait = new(RolloutDecision.Wait);
    public static readonly RolloutVerdict Commit = new(RolloutDecision.Commit);
}

/// <summary>
/// Decides when a rollout may commit. Each replica loads the pending config on its own and reports
/// here; the config serves (<c>NOT_UPDATING</c>) once every live replica has it loaded, and fails
/// (<c>UPDATE_FAILED</c>) everywhere when any could not. Alone (SQLite) a replica decides on its own report.
/// </summary>
public interface IRolloutQuorum
{
    /// <summary>Records this replica's outcome for the rollout (<paramref name="failure"/> null: loaded) and answers what all reports decide now.</summary>
    ValueTask<RolloutVerdict> ReportAsync(string endpoint, long configVersion, long attempt, string? failure, CancellationToken ct);

    /// <summary>What the reports decide now, without reporting (a replica holding a loaded rollout asks again when others report or leave).</summary>
    ValueTask<RolloutVerdict> TallyAsync(string endpoint, long configVersion, long attempt, CancellationToken ct);

    /// <summary>Records that this replica now serves <paramref name="configVersion"/> (the replicas route shows it).</summary>
    ValueTask ReportServingAsync(string endpoint, long configVersion, CancellationToken ct);
}

/// <summary>One replica alone: its own outcome decides.</summary>
public sealed class LocalRolloutQuorum : IRolloutQuorum
{
    public ValueTask<RolloutVerdict> ReportAsync(string endpoint, long configVersion, long attempt, string? failure, CancellationToken ct) =>
        ValueTask.FromResult(failure is null ? RolloutVerdict.Commit : new RolloutVerdict(RolloutDecision.Fail, failure));

    public ValueTask<RolloutVerdict> TallyAsync(string endpoint, long configVersion, long attempt, CancellationToken ct) =>
        ValueTask.FromResult(RolloutVerdict.Wait);

    public ValueTask ReportServingAsync(string endpoint, long configVersion, CancellationToken ct) => ValueTask.CompletedTask;
}
