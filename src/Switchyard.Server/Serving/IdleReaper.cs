using Microsoft.Extensions.Options;
using Switchyard.Core.Endpoints;
using Switchyard.Server.Hosting;
using Switchyard.Server.Serving.Events;

namespace Switchyard.Server.Serving;

/// <summary>
/// Unloads scale-to-zero entities that have been idle for <see cref="ServingOptions.ScaleToZeroIdle"/>,
/// and records each in its endpoint's timeline.
/// </summary>
public sealed partial class IdleReaper(
    EndpointDirectory endpoints, IOptions<ServingOptions> options, TimeProvider time, EndpointEventLog events, ILogger<IdleReaper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = options.Value.ScaleToZeroIdle;
        // Check often enough that an entity goes within about a quarter of its idle time.
        var period = TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var endpoint in endpoints.Snapshots())
            {
                foreach (var entity in endpoint.Live?.Entities ?? [])
                {
                    if (entity.UnloadIfIdle(idle))
                    {
                        Log.ScaledToZero(logger, endpoint.Name, entity.Name);
                        events.Record(new EndpointEvent(endpoint.Endpoint.Id, time.GetUtcNow().ToUnixTimeMilliseconds(), EndpointEventType.ScaledToZero,
                            EndpointEventMessages.ScaledToZero(entity.Name, idle), endpoint.Live?.ConfigVersion, entity.Name));
                    }
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Endpoint {Endpoint}: served entity {Entity} scaled to zero")]
        public static partial void ScaledToZero(ILogger logger, string endpoint, string entity);
    }
}
