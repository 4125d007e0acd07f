using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Routing;
using Switchyard.Server.Replicas;
using Switchyard.Server.Serving.Events;
using Switchyard.Server.Serving.History;

namespace Switchyard.Server.Serving;

/// <summary>
/// The one writer of one endpoint's state. Every change (create, a validated config, a rollout's
/// outcome, tags, ai_gateway, permissions, delete) is made under the owner's lock: the store is
/// written, then one immutable <see cref="EndpointSnapshot"/> is published with one reference write.
/// Readers (the data plane, GET, list, the permissions API) take <see cref="Snapshot"/> without a
/// lock and never read the store; the store is read at start-up only (<see cref="RestoreAsync"/>).
/// Each change is also recorded in the endpoint's timeline (<see cref="EndpointEventLog"/>), and
/// each accepted config in its config history (<see cref="IConfigHistoryStore"/>).
/// </summary>
// The semaphore never allocates a wait handle (only WaitAsync is used), so there is nothing to dispose.
#pragma warning disable CA1001
public sealed partial class EndpointOwner
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly IEndpointStore _store;
    private readonly Deployer _deployer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<EndpointOwner, string> _forget;
    private readonly EndpointEventLog _events;
    private readonly IConfigHistoryStore _history;
    private readonly EntityWatcher _watcher;
    private readonly IRolloutQuorum _quorum;
    private readonly IChangeSignal _signal;
    private volatile EndpointSnapshot? _snapshot;
    private bool _deleted;

    /// <param name="forget">Takes the owner and its endpoint's id out of the directory; called under the lock when the endpoint is deleted.</param>
    internal EndpointOwner(
        string name, IEndpointStore store, Deployer deployer, TimeProvider time, ILogger logger, Action<EndpointOwner, string> forget,
        EndpointEventLog events, IConfigHistoryStore history, IRolloutQuorum quorum, IChangeSignal signal)
    {
        Name = name;
        _store = store;
        _deployer = deployer;
        _time = time;
        _logger = logger;
        _forget = forget;
        _events = events;
        _history = history;
        _quorum = quorum;
        _signal = signal;
        _watcher = new EntityWatcher(this);
    }

    public string Name { get; }

    /// <summary>The endpoint as it stands now; null before it is created and after it is deleted.</summary>
    public EndpointSnapshot? Snapshot => _snapshot;

    /// <summary>
    /// Stores a new endpoint, publishes it and starts rolling out its config if it has one.
    /// Answers null when this owner's endpoint was deleted meanwhile (the directory then makes a
    /// fresh owner); refuses with RESOURCE_ALREADY_EXISTS when the name is taken.
    /// </summary>
    internal async Task<EndpointSnapshot?> TryCreateAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_deleted)
            {
                return null;
            }

            if (_snapshot is not null)
            {
                throw ServingException.AlreadyExists($"Serving endpoint with name {Name} already exists");
            }

            if (endpoint.PendingConfig is { } first)
            {
                await KeepConfigAsync(endpoint, before: null, first, new ConfigWrite(endpoint.Creator, Reason: null, IfMatch: null), ct);
            }

            try
            {
                await _store.CreateAsync(endpoint, ct);
            }
            catch when (endpoint.PendingConfig is not null)
            {
                await _history.DeleteEndpointAsync(endpoint.Id, CancellationToken.None);
                throw;
            }

            var created = Publish(new EndpointSnapshot(endpoint, live: null, rollout: null));
            await AnnounceAsync();
            _ready = false;
            Record(created, EndpointEventType.EndpointCreated, EndpointEventMessages.Created(endpoint), actor: endpoint.Creator);
            if (endpoint.PendingConfig is { } pending)
            {
                Record(created, EndpointEventType.ConfigVersionCreated,
                    EndpointEventMessages.ConfigCreated(pending, ConfigUpdateState.NotUpdating, endpoint.Creator), pending.ConfigVersion, actor: endpoint.Creator);
                StartRollout(created);
            }

            return created;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Brings a stored endpoint back at start-up: its serving config is published at once (queries
    /// wait for its models to load), and a rollout that was under way resumes.
    /// </summary>
    internal async Task RestoreAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            EndpointRoute? live = null;
            if (endpoint.Config is { } config)
            {
                var entities = await _deployer.BuildAsync(config, live: null, _watcher, ct);
                live = RouteOf(config, entities);
                Deployer.StartRestored(entities);
            }

            var restored = Publish(new EndpointSnapshot(endpoint, live, rollout: null));
            // The timeline last said READY, most likely: until the restored entities load, it is not.
            _ready = restored.IsReady;
            if (endpoint.Config is { } serving && !restored.IsReady)
            {
                Record(restored, EndpointEventType.StateChanged, EndpointEventMessages.Restored(serving.ConfigVersion), serving.ConfigVersion);
            }

            if (endpoint.ConfigUpdate == ConfigUpdateState.InProgress && endpoint.PendingConfig is not null)
            {
                StartRollout(restored);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Makes <paramref name="pending"/>, validated against <paramref name="basis"/>, the endpoint's
    /// pending config and starts rolling it out. Answers null, changing nothing, when the endpoint
    /// is no longer as <paramref name="basis"/> shows it (changed or deleted meanwhile): the caller
    /// looks again, and validates again if it may still update.
    /// </summary>
    /// <param name="write">Who sent the config (for the timeline and the history), why, and the version they saw:
    /// refused with 412 here, under the lock, when the current version is another.</param>
    public async Task<EndpointSnapshot?> TryUpdateConfigAsync(EndpointSnapshot basis, EndpointConfig pending, long now, ConfigWrite write, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            var current = _snapshot;
            if (current is not null)
            {
                write.CheckCurrent(current.Endpoint);
            }

            if (current is null || !ReferenceEquals(current.Endpoint, basis.Endpoint))
            {
                return null;
            }

            var actor = write.Author;
            var updated = current.Endpoint with
            {
                PendingConfig = pending,
                PendingStartTime = now,
                ConfigUpdate = ConfigUpdateState.InProgress,
                UpdateFailure = null,
                LastUpdatedTimestamp = now,
            };
            await KeepConfigAsync(updated, current.Endpoint.Config, pending, write, ct);
            if (await TrySaveAsync(updated, ct) is not { } saved)
            {
                return null;
            }

            // A failed rollout's entities are those of the config it failed on, not of this one.
            var accepted = Publish(new EndpointSnapshot(saved, current.Live, rollout: null));
            await AnnounceAsync();
            Record(accepted, EndpointEventType.ConfigVersionCreated,
                EndpointEventMessages.ConfigCreated(pending, current.Endpoint.ConfigUpdate, actor), pending.ConfigVersion, actor: actor);
            StartRollout(accepted);
            return accepted;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Stores and publishes the document <paramref name="edit"/> makes of the current state (tags,
    /// ai_gateway, permissions); the edit refuses by throwing, and then nothing changes. Answers
    /// null when the endpoint is gone. The live route follows new gateway settings at once. What
    /// changed is recorded in the timeline as done by <paramref name="actor"/>.
    /// </summary>
    public async Task<EndpointSnapshot?> EditAsync(Func<EndpointSnapshot, ServingEndpoint> edit, string actor, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            // Another replica's write in between makes the edit start again from the row it wrote.
            while (_snapshot is { } current)
            {
                if (await TrySaveAsync(edit(current), ct) is not { } edited)
                {
                    continue;
                }

                var published = Publish(new EndpointSnapshot(edited, current.Live, current.Rollout));
                await AnnounceAsync();
                RecordEdits(published, current.Endpoint, actor);
                return published;
            }

            return null;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Deletes the endpoint once <paramref name="check"/> lets it (it refuses by throwing): takes it
    /// out of the store, then out of service, and frees its models once requests in flight finish.
    /// A rollout still loading commits nothing. Answers false when there was nothing to delete.
    /// </summary>
    public async Task<bool> DeleteAsync(Action<EndpointSnapshot> check, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_snapshot is not { } current)
            {
                return false;
            }

            check(current);
            if (!await _store.DeleteAsync(Name, ct))
            {
                // Another replica deleted it first.
                Forget(current);
                return false;
            }

            Forget(current);
            await ForgetConfigsAsync(current.Endpoint.Id);
            await AnnounceAsync();
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Under the lock: takes the deleted endpoint out of service; its models are freed once requests in flight finish.</summary>
    private void Forget(EndpointSnapshot current)
    {
        _snapshot = null;
        _deleted = true;
        _held = null;
        _forget(this, current.Endpoint.Id);
        _events.Forget(current.Endpoint.Id);
        Deployer.Retire(current.Live?.Entities, keep: null);
        Deployer.Retire(current.Rollout?.Entities, keep: current.Live?.Entities);
    }

    /// <summary>Makes <paramref name="next"/> the endpoint's state with one reference write. Only under the lock.</summary>
    private EndpointSnapshot Publish(EndpointSnapshot next)
    {
        _snapshot = next;
        return next;
    }
}
