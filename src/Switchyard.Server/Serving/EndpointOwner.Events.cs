using Switchyard.Core.Endpoints;
using Switchyard.Core.Routing;
using Switchyard.Server.Serving.Events;

namespace Switchyard.Server.Serving;

/// <summary>
/// The owner's part of the endpoint's timeline: it records each change it makes where it makes
/// it, and follows <c>state.ready</c>, which also moves when an entity's load ends (after a
/// restart, or a wake that fails). Recording only queues the event (<see cref="EndpointEventLog"/>).
/// </summary>
public sealed partial class EndpointOwner
{
    // What the timeline last said of state.ready; null before the endpoint is created or restored. Only under the lock.
    private bool? _ready;

    /// <summary>Records an event of the endpoint <paramref name="snapshot"/> shows, stamped now.</summary>
    private void Record(
        EndpointSnapshot snapshot, EndpointEventType type, string message, long? configVersion = null, string? servedEntity = null, string? actor = null) =>
        _events.Record(new EndpointEvent(snapshot.Endpoint.Id, _time.GetUtcNow().ToUnixTimeMilliseconds(), type, message, configVersion, servedEntity, actor));

    /// <summary>Under the lock: records a change of state.ready since the timeline last said it.</summary>
    private void FollowReadiness(EndpointSnapshot snapshot)
    {
        var ready = snapshot.IsReady;
        var before = _ready;
        _ready = ready;
        if (before is { } was && was != ready)
        {
            Record(snapshot, EndpointEventType.StateChanged, EndpointEventMessages.Readiness(snapshot, ready), snapshot.Live?.ConfigVersion);
        }
    }

    /// <summary>Records the edits of a document: grants, tags and gateway settings that changed, each as one event by <paramref name="actor"/>.</summary>
    private void RecordEdits(EndpointSnapshot edited, ServingEndpoint before, string actor)
    {
        var after = edited.Endpoint;
        if (EndpointEventMessages.Permissions(before.Permissions, after.Permissions, actor) is { } permissions)
        {
            Record(edited, EndpointEventType.PermissionsChanged, permissions, actor: actor);
        }

        if (EndpointEventMessages.Tags(before.Extras["tags"], after.Extras["tags"], actor) is { } tags)
        {
            Record(edited, EndpointEventType.TagsChanged, tags, actor: actor);
        }

        if (EndpointEventMessages.Gateway(before.Extras, after.Extras, actor) is { } gateway)
        {
            Record(edited, EndpointEventType.AiGatewayChanged, gateway, actor: actor);
        }
    }

    /// <summary>Looks at state.ready again, under the lock, after an entity's load ended.</summary>
    private async Task FollowReadinessAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_snapshot is { } current && !_deleted)
            {
                FollowReadiness(current);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// What the owner's entities tell it. A wake is recorded at once (it only queues); a state
    /// change is looked at off the loading thread, under the lock, so a query that woke the entity
    /// never waits for the owner.
    /// </summary>
    private sealed class EntityWatcher(EndpointOwner owner) : IServedEntityWatcher
    {
        public void Woken(ServedEntity entity, TimeSpan took) => RecordEntity(entity, EndpointEventType.Woken, EndpointEventMessages.Woken(entity.Name, took));

        public void WakeFailed(ServedEntity entity, string reason) =>
            RecordEntity(entity, EndpointEventType.WakeFailed, EndpointEventMessages.WakeFailed(entity.Name, reason));

        public void StateChanged(ServedEntity entity) => _ = Task.Run(owner.FollowReadinessAsync);

        private void RecordEntity(ServedEntity entity, EndpointEventType type, string message)
        {
            if (owner._snapshot is { } current)
            {
                var version = current.Live?.Find(entity.Name) == entity ? current.Live.ConfigVersion : (long?)null;
                owner.Record(current, type, message, version, entity.Name);
            }
        }
    }
}
