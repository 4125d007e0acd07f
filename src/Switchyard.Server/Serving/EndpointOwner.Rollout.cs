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
        _ = Task.Run(() => RolloutAsync(pending));
    }

    private async Task RolloutAsync(EndpointConfig pending)
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
                await FinishAsync(pending, entities: null, $"Could not prepare the served entities: {error.Message}");
                return;
            }

            if (!await ShowBuiltAsync(pending, entities))
            {
                return;
            }

            var failure = await Deployer.LoadAsync(entities, live, CancellationToken.None);
            await FinishAsync(pending, entities, failure);
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
    /// superseded) commits nothing and retires what it built.
    /// </summary>
    private async Task FinishAsync(EndpointConfig pending, IReadOnlyList<ServedEntity>? entities, string? failure)
    {
        await _lock.WaitAsync();
        try
        {
            if (_snapshot is not { } current || !IsRolledOut(current, pending))
            {
                Deployer.Retire(entities, keep: _snapshot?.Live?.Entities);
                return;
            }

            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (failure is not null || entities is null)
            {
                await CommitFailureAsync(current, pending, entities, failure ?? "", now);
                return;
            }

            // Publish first, then record: once a client reads NOT_UPDATING the new config already
            // answers. A crash in between leaves the store saying IN_PROGRESS, and start-up resumes
            // the rollout; a failed write puts the old snapshot back.
            var committed = current.Endpoint with
            {
                Config = pending,
                PendingConfig = null,
                PendingStartTime = null,
                ConfigUpdate = ConfigUpdateState.NotUpdating,
                UpdateFailure = null,
                LastUpdatedTimestamp = now,
            };
            var served = Publish(new EndpointSnapshot(committed, new EndpointRoute(Name, pending.ConfigVersion, entities, pending.Routes, pending.Sticky, pending.Segments), rollout: null));
            try
            {
                await _store.SaveAsync(committed, CancellationToken.None);
            }
            catch
            {
                Publish(current);
                throw;
            }

            Record(served, EndpointEventType.StateChanged, EndpointEventMessages.Served(pending.ConfigVersion), pending.ConfigVersion);
            FollowReadiness(served);

            Deployer.Retire(current.Live?.Entities, keep: entities);
            Log.RolloutDone(_logger, Name, pending.ConfigVersion);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Records UPDATE_FAILED; the failed entities stay readable (their build logs say why) and what they loaded is freed.</summary>
    private async Task CommitFailureAsync(
        EndpointSnapshot current, EndpointConfig pending, IReadOnlyList<ServedEntity>? entities, string failure, long now)
    {
        var failed = current.Endpoint with { ConfigUpdate = ConfigUpdateState.UpdateFailed, UpdateFailure = failure, LastUpdatedTimestamp = now };
        await _store.SaveAsync(failed, CancellationToken.None);
        var published = Publish(new EndpointSnapshot(failed, current.Live, current.Rollout));
        Record(published, EndpointEventType.UpdateFailed, EndpointEventMessages.Failed(pending.ConfigVersion, failure), pending.ConfigVersion,
            OnlyFailed(entities));
        var live = current.Live?.Entities;
        foreach (var entity in entities ?? [])
        {
            if (live?.Contains(entity) != true)
            {
                entity.BuildLog.Write($"Config version {pending.ConfigVersion} was not deployed (UPDATE_FAILED): {failure}");
            }
        }

        Deployer.Retire(entities, keep: live);
        Log.RolloutFailed(_logger, Name, pending.ConfigVersion, failure);
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
