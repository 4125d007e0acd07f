using Switchyard.Core.Replicas;

namespace Switchyard.Server.Replicas;

/// <summary>
/// Replicas on one database decide a rollout together from their reports in
/// <c>replica_endpoint_states</c>: any failure fails it; it commits once every live replica
/// (heartbeat within <see cref="ReplicaLiveness.Window"/>, and always this one) has prepared it. A replica
/// that dies while others wait stops counting when its heartbeat ages out; one that joins counts
/// from its first beat and loads the pending config at start-up like the others.
/// </summary>
public sealed class SharedRolloutQuorum(IReplicaStore store, IChangeSignal signal) : IRolloutQuorum
{
    public async ValueTask<RolloutVerdict> ReportAsync(string endpoint, long configVersion, long attempt, string? failure, CancellationToken ct)
    {
        var state = failure is null ? ReplicaRolloutState.Prepared : ReplicaRolloutState.Failed;
        await store.ReportAsync(new ReplicaEndpointState(signal.ReplicaName, endpoint, configVersion, attempt, state, failure), ct);
        await signal.PublishAsync(ChangeKind.ReplicaState, endpoint, ct);
        return await TallyAsync(endpoint, configVersion, attempt, ct);
    }

    public async ValueTask<RolloutVerdict> TallyAsync(string endpoint, long configVersion, long attempt, CancellationToken ct)
    {
        var reports = await store.ReportsAsync(endpoint, ct);
        foreach (var report in reports)
        {
            if (IsOn(report, configVersion, attempt) && report.State == ReplicaRolloutState.Failed)
            {
                return new RolloutVerdict(RolloutDecision.Fail, $"Replica {report.Replica} could not load config version {configVersion}: {report.Failure}");
            }
        }

        var (live, _) = await store.LiveAsync(ReplicaLiveness.Window, ct);
        if (!HasPrepared(reports, signal.ReplicaName, configVersion, attempt))
        {
            return RolloutVerdict.Wait;
        }

        foreach (var replica in live)
        {
            if (!HasPrepared(reports, replica.Name, configVersion, attempt))
            {
                return RolloutVerdict.Wait;
            }
        }

        return RolloutVerdict.Commit;
    }

    public async ValueTask ReportServingAsync(string endpoint, long configVersion, CancellationToken ct) =>
        await store.ReportAsync(new ReplicaEndpointState(signal.ReplicaName, endpoint, configVersion, 0, ReplicaRolloutState.Serving, null), ct);

    private static bool HasPrepared(IReadOnlyList<ReplicaEndpointState> reports, string replica, long configVersion, long attempt)
    {
        foreach (var report in reports)
        {
            // A replica already serving the version (another replica committed it meanwhile) has it loaded too.
            if (report.Replica == replica
                && ((IsOn(report, configVersion, attempt) && report.State == ReplicaRolloutState.Prepared)
                    || (report.State == ReplicaRolloutState.Serving && report.ConfigVersion == configVersion)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOn(ReplicaEndpointState report, long configVersion, long attempt) =>
        report.ConfigVersion == configVersion && report.Attempt == attempt;
}
