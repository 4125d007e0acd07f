using System.Globalization;
using Microsoft.Extensions.Options;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Routing;
using Switchyard.Server.Drivers;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Serving;

/// <summary>
/// The mechanics of bringing a config to life, with no state of its own: it builds a config's
/// served entities beside the live ones (an unchanged entity is carried over, not rebuilt), loads
/// the new ones, and retires entities no config serves. The endpoint's owner
/// (<see cref="EndpointOwner"/>) decides when, and commits the outcome.
/// </summary>
public sealed class Deployer(EntityDrivers drivers, IOptions<ServingOptions> options, TimeProvider time)
{
    /// <summary>
    /// The entities of <paramref name="config"/>: those of <paramref name="live"/> that run the
    /// same are carried over (same instance, not reloaded); the others are new and not loaded yet.
    /// </summary>
    /// <param name="watcher">Told of the new entities' wakes and state changes (the endpoint's owner).</param>
    public async Task<IReadOnlyList<ServedEntity>> BuildAsync(EndpointConfig config, EndpointRoute? live, IServedEntityWatcher? watcher, CancellationToken ct)
    {
        var entities = new List<ServedEntity>(config.ServedEntities.Count);
        foreach (var entityConfig in config.ServedEntities)
        {
            if (live?.Find(entityConfig.Name) is { } carried && carried.Config.RunsSameAs(entityConfig))
            {
                entities.Add(carried);
                continue;
            }

            entities.Add(await CreateEntityAsync(entityConfig, config.ConfigVersion, watcher, ct));
        }

        return entities;
    }

    /// <summary>Loads the entities not carried over from <paramref name="live"/>; answers why it failed, or null when all loaded.</summary>
    public static async Task<string?> LoadAsync(IReadOnlyList<ServedEntity> entities, EndpointRoute? live, CancellationToken ct)
    {
        var loads = new List<Task<bool>>();
        foreach (var entity in entities)
        {
            if (live?.Find(entity.Name) != entity)
            {
                loads.Add(entity.LoadAsync(ct));
            }
        }

        var results = await Task.WhenAll(loads);
        return results.All(static ok => ok)
            ? null
            : string.Join(" ", entities.Where(e => e.State == DeploymentState.Failed).Select(e => $"Served entity '{e.Name}': {e.StateMessage}"));
    }

    /// <summary>
    /// Starts the entities of a config restored at start-up: loads begin in the background (queries
    /// wait for them), and a scale-to-zero entity waits for its first query instead.
    /// </summary>
    public static void StartRestored(IReadOnlyList<ServedEntity> entities)
    {
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

    /// <summary>Retires the entities not in <paramref name="keep"/>: each model is freed once the requests still on it finish.</summary>
    public static void Retire(IReadOnlyList<ServedEntity>? entities, IReadOnlyList<ServedEntity>? keep)
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

    /// <summary>A new entity, built by the driver of its kind, its definition written to its build log.</summary>
    private async Task<ServedEntity> CreateEntityAsync(ServedEntityConfig config, long configVersion, IServedEntityWatcher? watcher, CancellationToken ct)
    {
        var driver = drivers.For(config);
        var load = await driver.CreateLoaderAsync(config, ct);
        var slots = driver.SlotsOf(config);
        var queue = slots * options.Value.QueueDepthPerSlot;
        var entity = new ServedEntity(config, load, slots, queue, time, watcher);
        entity.BuildLog.Write(string.Create(CultureInfo.InvariantCulture,
            $"Served entity '{config.Name}' of config version {configVersion}: {driver.Describe(config)}; workload {config.WorkloadSize} ({slots} concurrent requests, a queue of {queue}); scale to zero {(config.ScaleToZeroEnabled ? "on" : "off")}."));
        return entity;
    }
}
