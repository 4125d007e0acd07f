using Switchyard.Core.Endpoints;
using Switchyard.Core.Routing;
using Switchyard.Server.Serving.Events;

namespace Switchyard.Server.Serving;

/// <summary>
/// The owner's rollouts. A rollout takes its config object from the snapshot that accepted it
/// (never from the store), builds the entities beside the live ones without holding the lock,
/// and takes the lock only to publish what it has built and to commit its outcome. The config
/// that serves keeps answering until the commit.
/// </summary>
public sealed partial class EndpointOwner
{
    private void StartRollout(EndpointSnapshot accepted)
    {
        var pending = accepted.Endpoint.PendingConfig!;
        var attempt = accepted.Endpoint.PendingStartTime ?? 0;
        _ = Task.Run(() => RolloutAsync(pending, attempt));
    }

    private async Task RolloutAsync(EndpointConfig pending, long attempt)
    {
        try
        {
            // Only a commit replaces the live entities, and one rollout runs at a time: the
            // entities read here are still live when this rollout commits.
            var live = _snapshot?.Live;
            IReadOnlyList<ServedEntity> entities;
            try
            {
                entities = await _deployer.BuildAsync(pending, live, _watcher, CancellationToken.None);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                await DecideAsync(pending, attempt, entities: null, $"Could not prepare the served entities: {error.Message}");
                return;
            }

            if (!await ShowBuiltAsync(pending, entities))
            {
                return;
            }

            var failure = await Deployer.LoadAsync(entities, live, CancellationToken.None);
            await DecideAsync(pending, attempt, entities, failure);
        }
        catch (Exception error)
        {
            Log.RolloutCrashed(_logger, Name, error);
        }
    }

    /// <summary>Publishes the rollout's entities, so answers show them loading; false (and they are retired) when the rollout is no longer current.</summary>
    private async Task<bool> ShowBuiltAsync(EndpointConfig pending, IReadOnlyList<ServedEntity> entities)
    {
        await _lock.WaitAsync();
        try
        {
            if (_snapshot is not { } current || !IsRolledOut(current, pending))
            {
                Deployer.Retire(entities, keep: _snapshot?.Live?.Entities);
                return false;
            }

            Publish(new EndpointSnapshot(current.Endpoint, current.Live, new Rollout(pending.ConfigVersion, entities)));
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Ends a rollout. A success publishes the new live route and records it; a failure records
    /// UPDATE_FAILED and keeps the old route. A rollout no longer current (its endpoint deleted, or
    /// superseded) commits nothing and retires what it built. When another replica wrote the row
    /// meanwhile, its row is adopted and the rollout, if still current, is ended on top of it.
    /// </summary>
    private async Task FinishAsync(EndpointConfig pending, IReadOnlyList<ServedEntity>? entities, string? failure)
    {
        await _lock.WaitAsync();
        try
        {
            while (true)
            {
                if (_snapshot is not { } current || !IsRolledOut(current, pending))
                {
                    Deployer.Retire(entities, keep: _snapshot?.Live?.Entities);
                    return;
                }

                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var ended = failure is not null || entities is null
                    ? await CommitFailureAsync(current, pending, entities, failure ?? "", now)
                    : await CommitAsync(current, pending, entities, now);
                if (ended)
                {
                    return;
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Under the lock: makes the rollout's entities serve; false (nothing changed) when another replica wrote the row first.</summary>
    private async Task<bool> CommitAsync(EndpointSnapshot current, EndpointConfig pending, IReadOnlyList<ServedEntity> entities, long now)
    {
        // Stored first, then published: a GET on any replica reads NOT_UPDATING only from a snapshot
        // whose new route already answers, and the row another replica reads after it says no less.
        // A crash in between leaves the store saying NOT_UPDATING with the new config, which start-up serves.
        var committed = current.Endpoint with
        {
            Config = pending,
            PendingConfig = null,
            PendingStartTime = null,
            ConfigUpdate = ConfigUpdateState.NotUpdating,
            UpdateFailure = null,
            LastUpdatedTimestamp = now,
        };
        if (await TrySaveAsync(committed, CancellationToken.None) is not { } saved)
        {
            return false;
        }

        var served = Publish(new EndpointSnapshot(saved, RouteOf(pending, entities), rollout: null));
        await AnnounceAsync();
        await ReportServingAsync(pending.ConfigVersion);
        Record(served, EndpointEventType.StateChanged, EndpointEventMessages.Served(pending.ConfigVersion), pending.ConfigVersion);
        FollowReadiness(served);

        Deployer.Retire(current.Live?.Entities, keep: entities);
        Log.RolloutDone(_logger, Name, pending.ConfigVersion);
        return true;
    }

    /// <summary>
    /// Under the lock: records UPDATE_FAILED; the failed entities stay readable (their build logs say
    /// why) and what they loaded is freed. False (nothing changed) when another replica wrote the row first.
    /// </summary>
    private async Task<bool> CommitFailureAsync(
        EndpointSnapshot current, EndpointConfig pending, IReadOnlyList<ServedEntity>? entities, string failure, long now)
    {
        var failed = current.Endpoint with { ConfigUpdate = ConfigUpdateState.UpdateFailed, UpdateFailure = failure, LastUpdatedTimestamp = now };
        if (await TrySaveAsync(failed, CancellationToken.None) is not { } saved)
        {
            return false;
        }

        var published = Publish(new EndpointSnapshot(saved, current.Live, current.Rollout));
        await AnnounceAsync();
        Record(published, EndpointEventType.UpdateFailed, EndpointEventMessages.Failed(pending.ConfigVersion, failure), pending.ConfigVersion,
            OnlyFailed(entities));
        NoteNotDeployed(pending, entities, current.Live?.Entities, failure);
        Log.RolloutFailed(_logger, Name, pending.ConfigVersion, failure);
        return true;
    }

    /// <summary>Writes in each failed rollout entity's build log why it will not serve, and frees what it loaded.</summary>
    private static void NoteNotDeployed(EndpointConfig pending, IReadOnlyList<ServedEntity>? entities, IReadOnlyList<ServedEntity>? live, string failure)
    {
        foreach (var entity in entities ?? [])
        {
            if (live?.Contains(entity) != true)
            {
                entity.BuildLog.Write($"Config version {pending.ConfigVersion} was not deployed (UPDATE_FAILED): {failure}");
            }
        }

        Deployer.Retire(entities, keep: live);
    }

    /// <summary>The one served entity a failure is about, when exactly one failed to load; null otherwise.</summary>
    private static string? OnlyFailed(IReadOnlyList<ServedEntity>? entities)
    {
        var failed = entities?.Where(static e => e.State == DeploymentState.Failed).ToList();
        return failed is [var only] ? only.Name : null;
    }

    /// <summary>True while <paramref name="pending"/> is the config <paramref name="current"/> is rolling out.</summary>
    private static bool IsRolledOut(EndpointSnapshot current, EndpointConfig pending) =>
        ReferenceEquals(current.Endpoint.PendingConfig, pending) && current.Endpoint.ConfigUpdate == ConfigUpdateState.InProgress;

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Endpoint {Endpoint} now serves config version {Version}")]
        public static partial void RolloutDone(ILogger logger, string endpoint, long version);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Endpoint {Endpoint} config version {Version} failed to deploy: {Reason}")]
        public static partial void RolloutFailed(ILogger logger, string endpoint, long version, string reason);

        [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Rollout of endpoint {Endpoint} crashed")]
        public static partial void RolloutCrashed(ILogger logger, string endpoint, Exception error);
    }
}
