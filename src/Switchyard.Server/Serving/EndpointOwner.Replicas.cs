using Switchyard.Core.Endpoints;
using Switchyard.Core.Routing;
using Switchyard.Server.Replicas;

namespace Switchyard.Server.Serving;

/// <summary>
/// The owner among replicas sharing one database. Each replica has an owner per endpoint; they
/// write the one row under its row version (a save from a stale row is refused, and the writer
/// adopts the row and decides again), tell each other after each write, and adopt what another
/// replica wrote (<see cref="AdoptAsync"/>). A rollout loads on every replica and commits when the
/// <see cref="IRolloutQuorum"/> says every live replica has it loaded; until then a replica holds
/// its loaded entities beside the serving ones. Alone (SQLite) the quorum answers at once, and
/// nothing else here ever runs.
/// </summary>
public sealed partial class EndpointOwner
{
    // The rollout this replica has loaded and reported, waiting for the others. Only under the lock, or swapped out atomically by ReconsiderAsync.
    private HeldRollout? _held;

    /// <summary>Asks the quorum again about a rollout this replica holds loaded (another replica reported, joined or left).</summary>
    public async Task ReconsiderAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _held) is not { } held)
        {
            return;
        }

        var verdict = await _quorum.TallyAsync(Name, held.Pending.ConfigVersion, held.Attempt, ct);
        if (verdict.Decision != RolloutDecision.Wait && Interlocked.CompareExchange(ref _held, null, held) == held)
        {
            await FinishAsync(held.Pending, held.Entities, verdict.Failure);
        }
    }

    /// <summary>
    /// Reads the endpoint's row again and adopts it, when other replicas share the database: a write
    /// about to be refused for the state this replica holds (an update in progress, an older
    /// version) looks once more, since another replica may have moved on a notification ago.
    /// Answers true when what this replica holds is no longer <paramref name="seen"/> (the snapshot the
    /// refusal was decided on), whether this read or a notification meanwhile moved it.
    /// </summary>
    public async Task<bool> RefreshAsync(EndpointSnapshot seen, CancellationToken ct)
    {
        if (!_signal.IsShared)
        {
            return false;
        }

        await AdoptAsync(await _store.GetAsync(Name, ct), ct);
        return !ReferenceEquals(_snapshot, seen);
    }

    /// <summary>
    /// Makes the endpoint what <paramref name="row"/> (read from the store after another replica
    /// changed it; null: deleted) says: its document, its serving config (switching to entities this
    /// replica holds loaded for it, or loading them), and a rollout to take part in. Answers false
    /// when this owner's endpoint is gone (deleted, or replaced by another of the same name): a fresh
    /// owner adopts the row then.
    /// </summary>
    public async Task<bool> AdoptAsync(ServingEndpoint? row, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            return await AdoptLockedAsync(row);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<bool> AdoptLockedAsync(ServingEndpoint? row)
    {
        if (_deleted)
        {
            return false;
        }

        var current = _snapshot;
        if (current is not null && (row is null || row.Id != current.Endpoint.Id))
        {
            Forget(current);
            return false;
        }

        if (row is null || (current is not null && row.RowVersion <= current.Endpoint.RowVersion))
        {
            return true;
        }

        if (current is not null)
        {
            row = KeepingConfigs(row, current.Endpoint);
        }

        var live = current?.Live;
        var rollout = current?.Rollout;
        var serves = false;
        if (row.Config is { } config && live?.ConfigVersion != config.ConfigVersion)
        {
            IReadOnlyList<ServedEntity> entities;
            if (_held is { } held && held.Pending.ConfigVersion == config.ConfigVersion)
            {
                // Another replica committed the rollout this one holds loaded: switch to it at once.
                entities = held.Entities;
                _held = null;
                rollout = null;
            }
            else
            {
                entities = await _deployer.BuildAsync(config, live, _watcher, CancellationToken.None);
                Deployer.StartRestored(entities);
            }

            Deployer.Retire(live?.Entities, keep: entities);
            live = RouteOf(config, entities);
            serves = true;
        }

        if (row.ConfigUpdate != ConfigUpdateState.InProgress && _held is { } decided)
        {
            // Decided elsewhere: failed (this replica's loaded entities go), or superseded.
            _held = null;
            NoteNotDeployed(decided.Pending, decided.Entities, live?.Entities, row.UpdateFailure ?? "superseded");
        }

        var starts = row.ConfigUpdate == ConfigUpdateState.InProgress && row.PendingConfig is not null
            && !ReferenceEquals(row.PendingConfig, current?.Endpoint.PendingConfig);
        var published = Publish(new EndpointSnapshot(row, live, starts ? null : rollout));
        if (current is null)
        {
            _ready = published.IsReady;
        }
        else if (serves)
        {
            FollowReadiness(published);
        }

        if (serves)
        {
            await ReportServingAsync(row.Config!.ConfigVersion);
        }

        if (starts)
        {
            StartRollout(published);
        }

        return true;
    }

    /// <summary>Keeps the config objects of <paramref name="current"/> that <paramref name="row"/> still holds, so a rollout under way stays current (rollouts compare configs by reference).</summary>
    private static ServingEndpoint KeepingConfigs(ServingEndpoint row, ServingEndpoint current)
    {
        if (row.Config is { } config && current.Config is { } kept && config.ConfigVersion == kept.ConfigVersion)
        {
            row = row with { Config = kept };
        }

        if (row.PendingConfig is { } pending && current.PendingConfig is { } keptPending
            && pending.ConfigVersion == keptPending.ConfigVersion && row.PendingStartTime == current.PendingStartTime)
        {
            row = row with { PendingConfig = keptPending };
        }

        return row;
    }

    /// <summary>Reports this replica's outcome and ends the rollout when that decides it; otherwise holds it loaded until the others report.</summary>
    private async Task DecideAsync(EndpointConfig pending, long attempt, IReadOnlyList<ServedEntity>? entities, string? failure)
    {
        var verdict = await _quorum.ReportAsync(Name, pending.ConfigVersion, attempt, failure, CancellationToken.None);
        if (verdict.Decision != RolloutDecision.Wait || entities is null)
        {
            await FinishAsync(pending, entities, verdict.Decision == RolloutDecision.Fail ? verdict.Failure : failure);
            return;
        }

        await _lock.WaitAsync();
        try
        {
            if (_snapshot is not { } current || !IsRolledOut(current, pending))
            {
                Deployer.Retire(entities, keep: _snapshot?.Live?.Entities);
                return;
            }

            _held = new HeldRollout(pending, attempt, entities);
        }
        finally
        {
            _lock.Release();
        }

        // The last report may have landed between the tally and the hold.
        await ReconsiderAsync(CancellationToken.None);
    }

    /// <summary>
    /// Under the lock: writes <paramref name="endpoint"/> over the row it was read from and answers it
    /// at its new row version; null when another replica wrote the row since (its row is then adopted).
    /// </summary>
    private async Task<ServingEndpoint?> TrySaveAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        try
        {
            return await _store.SaveAsync(endpoint, ct);
        }
        catch (EndpointMovedException)
        {
            await AdoptLockedAsync(await _store.GetAsync(Name, ct));
            return null;
        }
    }

    /// <summary>Tells the other replicas the row changed (nothing to tell when alone).</summary>
    private ValueTask AnnounceAsync() => _signal.PublishAsync(ChangeKind.Endpoint, Name, CancellationToken.None);

    private ValueTask ReportServingAsync(long configVersion) => _quorum.ReportServingAsync(Name, configVersion, CancellationToken.None);

    private EndpointRoute RouteOf(EndpointConfig config, IReadOnlyList<ServedEntity> entities) =>
        new(Name, config.ConfigVersion, entities, config.Routes, config.Sticky, config.Segments, config.ServedEntities);

    private sealed record HeldRollout(EndpointConfig Pending, long Attempt, IReadOnlyList<ServedEntity> Entities);
}
