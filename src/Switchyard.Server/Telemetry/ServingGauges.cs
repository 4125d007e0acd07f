using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchyard.Core.Telemetry;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Telemetry;

/// <summary>
/// Queue depth and requests in flight per endpoint and served entity, read from each live entity's
/// concurrency gate when metrics are collected (a scrape, an OTLP export), so the data plane pays
/// nothing for them. The meter is the process's one, so each running server adds its endpoints
/// while it runs.
/// </summary>
internal sealed class ServingGauges(EndpointDirectory endpoints) : IHostedService
{
    public const string QueueDepthName = "switchyard.queue.depth";
    public const string InFlightName = "switchyard.requests.in_flight";

    private static readonly ConcurrentDictionary<EndpointDirectory, byte> Watched = new();

    static ServingGauges()
    {
        SwitchyardTelemetry.Meter.CreateObservableGauge(QueueDepthName, static () => Observe(static entity => entity.QueueDepth),
            "{request}", "Requests waiting for a concurrency slot of the served entity.");
        SwitchyardTelemetry.Meter.CreateObservableGauge(InFlightName, static () => Observe(static entity => entity.InFlight),
            "{request}", "Requests holding or waiting for a turn on the served entity.");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Watched.TryAdd(endpoints, 0);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Watched.TryRemove(endpoints, out _);
        return Task.CompletedTask;
    }

    private static List<Measurement<int>> Observe(Func<Core.Routing.ServedEntity, int> read)
    {
        var measurements = new List<Measurement<int>>();
        foreach (var (directory, _) in Watched)
        {
            foreach (var snapshot in directory.Snapshots())
            {
                if (snapshot.Live is not { } live)
                {
                    continue;
                }

                foreach (var entity in live.Entities)
                {
                    measurements.Add(new Measurement<int>(read(entity), new TagList
                    {
                        { SwitchyardTelemetry.EndpointTag, live.EndpointName },
                        { SwitchyardTelemetry.ServedEntityTag, entity.Name },
                    }));
                }
            }
        }

        return measurements;
    }
}
