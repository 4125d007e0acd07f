using Switchyard.Core.Endpoints;
using System.Globalization;
using Switchyard.Core.Errors;
using Switchyard.Core.Logs;
using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Routing;

/// <summary>
/// A served entity at run time: its config, its concurrency gate and its model slot. One
/// instance lives as long as its config is unchanged, across config versions of its endpoint.
/// It keeps two logs: <see cref="BuildLog"/> (what loading it did, until a load succeeds) and
/// <see cref="Log"/> (what happened since: failures, 429s counted per second, scale to zero
/// and reloads). A request that succeeds writes to neither.
/// </summary>
public sealed partial class ServedEntity : IDisposable
{
    private readonly ConcurrencyGate _gate;
    private readonly ModelSlot _slot;
    private readonly TimeProvider _time;
    private readonly Func<EntityLog, Task<IServedModel>> _load;
    private readonly PerSecondTally _refused;
    private readonly PerSecondTally _badInput;
    private readonly PerSecondTally _providerLimited;
    private readonly IServedEntityWatcher? _watcher;
    private long _lastUsed;
    private int _inFlight;
    private volatile string _failure = "";
    private volatile bool _loadedOnce;
    private volatile bool _retired;
    private volatile bool _built;

    /// <param name="load">Loads the model, writing its steps to the log it is given (the build log on the first load, the runtime log on reloads).</param>
    /// <param name="watcher">Told of wakes and state changes (the endpoint's timeline); none when null.</param>
    public ServedEntity(
        ServedEntityConfig config, Func<EntityLog, Task<IServedModel>> load, int slots, int queueLimit, TimeProvider time,
        IServedEntityWatcher? watcher = null)
    {
        Config = config;
        _watcher = watcher;
        _gate = new ConcurrencyGate(slots, queueLimit);
        _load = load;
        _slot = new ModelSlot(LoadLoggedAsync);
        _time = time;
        _lastUsed = time.GetTimestamp();
        BuildLog = new EntityLog(time, LogLimits.Build);
        Log = new EntityLog(time, LogLimits.Runtime);
        _refused = Log.Tally(string.Create(CultureInfo.InvariantCulture,
            $"429 REQUEST_LIMIT_EXCEEDED (all {slots} concurrency slots busy, queue of {queueLimit} full)"));
        _badInput = Log.Tally("400 BAD_REQUEST (refused as bad input)");
        _providerLimited = Log.Tally("429 from the external provider (its rate limit)");
        Traffic = new TrafficSeries(time);
    }

    /// <summary>The entity's queries, errors, tokens and latencies over the last hour, minute by minute.</summary>
    public TrafficSeries Traffic { get; }

    /// <summary>What building the entity did: artifact checks, runtime creation, key resolution, every failure and why.</summary>
    public EntityLog BuildLog { get; }

    /// <summary>The entity's recent runtime events.</summary>
    public EntityLog Log { get; }

    public ServedEntityConfig Config { get; }

    public string Name => Config.Name;

    public bool IsLoaded => _slot.IsLoaded;

    /// <summary>True when a turn taken now would not wait: some concurrency slot is free (a shadow's copy is dropped rather than queued).</summary>
    public bool HasFreeSlot => _gate.Busy < _gate.Slots;

    public DeploymentState State =>
        _failure.Length > 0 ? DeploymentState.Failed
        : _retired ? DeploymentState.Aborted
        : _loadedOnce ? DeploymentState.Ready
        : DeploymentState.Creating;

    public string StateMessage =>
        _failure.Length > 0 ? _failure
        : _retired ? "Retired: no config serves it any more."
        : !_loadedOnce ? "Loading the model."
        : _slot.IsLoaded ? "Served entity is ready."
        : "Scaled to zero; the next request loads it.";

    /// <summary>Loads the model now (a deployment); answers false and records why when it fails.</summary>
    public async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            var lease = await _slot.AcquireAsync(ct);
            lease.Release();
            MarkLoaded();
            _watcher?.StateChanged(this);
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _failure = $"Failed to load {Config.EntityName} version {Config.ResolvedVersion}: {error.Message}";
            _watcher?.StateChanged(this);
            return false;
        }
    }

    /// <summary>Marks a deployment that needs no load now (a scale-to-zero entity restored at start-up).</summary>
    public void MarkLoaded() => _loadedOnce = true;

    /// <summary>
    /// Takes a turn on the entity: waits for a concurrency slot (or refuses with
    /// REQUEST_LIMIT_EXCEEDED when the queue is full) and loads the model if it was scaled to
    /// zero. The turn holds the model until disposed, so a stream keeps it as long as it runs.
    /// </summary>
    public async ValueTask<EntityTurn> EnterAsync(CancellationToken ct)
    {
        if (!await _gate.EnterAsync(ct))
        {
            _refused.Count();
            return EntityTurn.Refused(new ScoreResult(ErrorCode.RequestLimitExceeded,
                $"Served entity '{Name}' is at its concurrency limit ({_gate.Slots}) and its queue is full; retry later."));
        }

        Interlocked.Increment(ref _inFlight);
        LoadedModelLease? lease = null;
        try
        {
            lease = _slot.TryAcquire() ?? await AcquireSlowAsync(ct);
        }
        finally
        {
            if (lease is null)
            {
                Leave();
            }
        }

        return lease is null
            ? EntityTurn.Refused(new ScoreResult(ErrorCode.TemporarilyUnavailable, $"Served entity '{Name}' could not be loaded: {_failure}"))
            : new EntityTurn(this, lease);
    }

    /// <summary>Ends a turn: frees the gate slot and notes the time for scale-to-zero.</summary>
    internal void Leave()
    {
        Volatile.Write(ref _lastUsed, _time.GetTimestamp());
        Interlocked.Decrement(ref _inFlight);
        _gate.Exit();
    }

    /// <summary>Requests holding or waiting for a turn now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Requests waiting for a concurrency slot now.</summary>
    public int QueueDepth => _gate.Waiting;

    /// <summary>The entity's figures now: its queue and, when loaded, what the model reports of itself.</summary>
    public IReadOnlyList<ServedMetric> Metrics()
    {
        var metrics = new List<ServedMetric>
        {
            new("requests_in_flight", Volatile.Read(ref _inFlight), "Requests holding or waiting for a turn."),
            new("concurrency_busy_slots", _gate.Busy, "Concurrency slots taken."),
            new("concurrency_slots", _gate.Slots, "Concurrency slots of the entity."),
            new("queue_depth", _gate.Waiting, "Requests waiting for a slot."),
            new("model_loaded", _slot.IsLoaded ? 1 : 0, "1 when the model is loaded, 0 when scaled to zero."),
        };
        if (_slot.TryAcquire() is { } lease)
        {
            try
            {
                (lease.Model as IReportsMetrics)?.Report(metrics);
            }
            finally
            {
                lease.Release();
            }
        }

        return metrics;
    }

    /// <summary>Unloads the model when scale-to-zero allows it and it has been idle long enough.</summary>
    public bool UnloadIfIdle(TimeSpan idle)
    {
        if (!Config.ScaleToZeroEnabled || Volatile.Read(ref _inFlight) > 0 || !_slot.IsLoaded)
        {
            return false;
        }

        if (_time.GetElapsedTime(Volatile.Read(ref _lastUsed)) < idle || !_slot.Unload())
        {
            return false;
        }

        Log.Write($"Scaled to zero: no request for {idle:c}. The next request loads the model again.");
        return true;
    }

    private async ValueTask<LoadedModelLease?> AcquireSlowAsync(CancellationToken ct)
    {
        try
        {
            var lease = await _slot.AcquireAsync(ct);
            var failedBefore = _failure.Length > 0;
            _failure = "";
            MarkLoaded();
            if (failedBefore)
            {
                _watcher?.StateChanged(this);
            }

            return lease;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _failure = error.Message;
            _watcher?.StateChanged(this);
            return null;
        }
    }

    /// <summary>Retires the entity: the model is freed once requests still running on it finish.</summary>
    public void Dispose()
    {
        if (!_retired)
        {
            Log.Write("Retired: no config serves this entity any more.");
        }

        _retired = true;
        _slot.Unload();
    }
}
