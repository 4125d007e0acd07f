using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Routing;
using Switchyard.Server.Drivers;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Serving;

/// <summary>
/// Brings configs to life. A rollout loads the pending config's new entities beside the live
/// ones (unchanged entities are carried over, not reloaded), swaps the endpoint's routing
/// snapshot and records the result in the store; on failure the old config keeps serving.
/// </summary>
public sealed partial class Deployer(
    IEndpointStore store,
    EntityDrivers drivers,
    RoutingTable routing,
    EndpointLocks locks,
    IOptions<ServingOptions> options,
    TimeProvider time,
    ILogger<Deployer> logger)
{
    private readonly ConcurrentDictionary<string, PendingRollout> _rollouts = new(StringComparer.Ordinal);

    /// <summary>The entities of a rollout under way (or failed), for status answers.</summary>
    public sealed record PendingRollout(long ConfigVersion, IReadOnlyList<ServedEntity> Entities);

    public PendingRollout? RolloutOf(string endpointName) => _rollouts.GetValueOrDefault(endpointName);

    /// <summary>Starts rolling out the endpoint's pending config in the background.</summary>
    public void StartRollout(string endpointName)
    {
        // A failed rollout of the same version number must not stand in for this one.
        _rollouts.TryRemove(endpointName, out _);
        _ = Task.Run(() => RolloutAsync(endpointName, CancellationToken.None));
    }

    /// <summary>
    /// Rebuilds live routing from the stored endpoints at start-up: each endpoint's serving config is
    /// published at once (requests wait for its models to load), and rollouts that were under way resume.
    /// </summary>
    public async Task RestoreAsync(IReadOnlyList<ServingEndpoint> endpoints, CancellationToken ct)
    {
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Config is { } config)
            {
                var entities = await CreateEntitiesAsync(config, previous: null, ct);
                routing.Publish(new EndpointRoute(endpoint.Name, config.ConfigVersion, entities, config.Routes)
                {
                    FallbackEnabled = AiGatewaySettings.FallbackEnabled(endpoint.Extras),
                });
                foreach (var entity in entities)
                {
                    if (entity.Config.ScaleToZeroEnabled)
                    {
                        entity.BuildLog.Write("Restored at start-up scaled to zero: the first request loads the model.");
                        entity.MarkLoaded();
                    }
                    else
                    {
                        _ = entity.LoadAsync(CancellationToken.None);
                    }
                }
            }

            if (endpoint.ConfigUpdate == ConfigUpdateState.InProgress)
            {
                StartRollout(endpoint.Name);
            }
        }
    }

    /// <summary>Takes an endpoint out of service and frees its models once requests in flight finish.</summary>
    public void Remove(string endpointName)
    {
        var removed = routing.Remove(endpointName);
        var rollout = _rollouts.TryRemove(endpointName, out var pending) ? pending : null;
        Retire(removed?.Entities, keep: null);
        Retire(rollout?.Entities, keep: removed?.Entities);
    }

    private async Task RolloutAsync(string endpointName, CancellationToken ct)
    {
        try
        {
            var endpoint = await store.GetAsync(endpointName, ct);
            if (endpoint?.PendingConfig is not { } pending || endpoint.ConfigUpdate != ConfigUpdateState.InProgress)
            {
                return;
            }

            routing.TryGet(endpointName, out var live);
            IReadOnlyList<ServedEntity> entities;
            try
            {
                entities = await CreateEntitiesAsync(pending, live, ct);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                await FinishAsync(endpointName, pending.ConfigVersion, null, $"Could not prepare the served entities: {error.Message}", ct);
                return;
            }

            _rollouts[endpointName] = new PendingRollout(pending.ConfigVersion, entities);
            var loads = new List<Task<bool>>();
            foreach (var entity in entities)
            {
                if (live?.Find(entity.Name) != entity)
                {
                    loads.Add(entity.LoadAsync(ct));
                }
            }

            var results = await Task.WhenAll(loads);
            var failure = results.All(static ok => ok)
                ? null
                : string.Join(" ", entities.Where(e => e.State == DeploymentState.Failed).Select(e => $"Served entity '{e.Name}': {e.StateMessage}"));
            await FinishAsync(endpointName, pending.ConfigVersion, failure is null ? entities : null, failure, ct);
        }
        catch (Exception error)
        {
            Log.RolloutCrashed(logger, endpointName, error);
        }
    }

    /// <summary>
    /// Ends a rollout: swaps the live snapshot and records the outcome in the store, then retires
    /// the entities no longer served. A failed rollout only records its failure.
    /// </summary>
    private async Task FinishAsync(string endpointName, long configVersion, IReadOnlyList<ServedEntity>? loaded, string? failure, CancellationToken ct)
    {
        using var held = await locks.AcquireAsync(endpointName, ct);
        var endpoint = await store.GetAsync(endpointName, ct);
        var rollout = _rollouts.GetValueOrDefault(endpointName);
        routing.TryGet(endpointName, out var live);
        if (endpoint?.PendingConfig?.ConfigVersion != configVersion || endpoint.ConfigUpdate != ConfigUpdateState.InProgress)
        {
            // Deleted or superseded while loading: nothing to commit.
            if (rollout?.ConfigVersion == configVersion)
            {
                _rollouts.TryRemove(endpointName, out _);
                Retire(rollout.Entities, keep: live?.Entities);
            }

            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (loaded is null)
        {
            await store.SaveAsync(endpoint with { ConfigUpdate = ConfigUpdateState.UpdateFailed, UpdateFailure = failure, LastUpdatedTimestamp = now }, ct);
            if (rollout is not null)
            {
                // Keep the failed rollout readable (its entities' build logs say why); free what it loaded.
                foreach (var entity in rollout.Entities)
                {
                    if (live?.Entities.Contains(entity) != true)
                    {
                        entity.BuildLog.Write($"Config version {configVersion} was not deployed (UPDATE_FAILED): {failure}");
                    }
                }

                Retire(rollout.Entities, keep: live?.Entities);
            }

            Log.RolloutFailed(logger, endpointName, configVersion, failure ?? "");
            return;
        }

        // Publish first, then record: once a client reads NOT_UPDATING the new config already
        // answers. A crash in between leaves the store saying IN_PROGRESS, and start-up resumes
        // the rollout; a failed write puts the old snapshot back.
        var pending = endpoint.PendingConfig;
        var previous = routing.Publish(new EndpointRoute(endpointName, configVersion, loaded, pending.Routes)
        {
            FallbackEnabled = AiGatewaySettings.FallbackEnabled(endpoint.Extras),
        });
        try
        {
            await store.SaveAsync(endpoint with
            {
                Config = pending,
                PendingConfig = null,
                PendingStartTime = null,
                ConfigUpdate = ConfigUpdateState.NotUpdating,
                UpdateFailure = null,
                LastUpdatedTimestamp = now,
            }, ct);
        }
        catch
        {
            if (previous is null)
            {
                routing.Remove(endpointName);
            }
            else
            {
                routing.Publish(previous);
            }

            throw;
        }

        _rollouts.TryRemove(endpointName, out _);
        Retire(previous?.Entities, keep: loaded);
        Log.RolloutDone(logger, endpointName, configVersion);
    }

    private async Task<IReadOnlyList<ServedEntity>> CreateEntitiesAsync(EndpointConfig config, EndpointRoute? previous, CancellationToken ct)
    {
        var entities = new List<ServedEntity>(config.ServedEntities.Count);
        foreach (var entityConfig in config.ServedEntities)
        {
            if (previous?.Find(entityConfig.Name) is { } carried && carried.Config.RunsSameAs(entityConfig))
            {
                entities.Add(carried);
                continue;
            }

            entities.Add(await CreateEntityAsync(entityConfig, config.ConfigVersion, ct));
        }

        return entities;
    }

    /// <summary>A new entity, built by the driver of its kind, its definition written to its build log.</summary>
    private async Task<ServedEntity> CreateEntityAsync(ServedEntityConfig config, long configVersion, CancellationToken ct)
    {
        var driver = drivers.For(config);
        var load = await driver.CreateLoaderAsync(config, ct);
        var slots = driver.SlotsOf(config);
        var queue = slots * options.Value.QueueDepthPerSlot;
        var entity = new ServedEntity(config, load, slots, queue, time);
        entity.BuildLog.Write(string.Create(CultureInfo.InvariantCulture,
            $"Served entity '{config.Name}' of config version {configVersion}: {driver.Describe(config)}; workload {config.WorkloadSize} ({slots} concurrent requests, a queue of {queue}); scale to zero {(config.ScaleToZeroEnabled ? "on" : "off")}."));
        return entity;
    }

    private static void Retire(IReadOnlyList<ServedEntity>? entities, IReadOnlyList<ServedEntity>? keep)
    {
        if (entities is null)
        {
            return;
        }

        foreach (var entity in entities)
        {
            if (keep is null || !keep.Contains(entity))
            {
                entity.Dispose();
            }
        }
    }

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
