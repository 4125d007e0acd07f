using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Switchyard.Core.Replicas;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Replicas;

/// <summary>
/// On a shared database, writes this replica's heartbeat row every <see cref="ReplicaLiveness.Beat"/>
/// and, each beat, lets held rollouts ask again (a replica that died without leaving stops holding
/// them back once its row ages out). On stop it leaves: its rows go, and the others re-tally.
/// </summary>
public sealed partial class ReplicaHeartbeat(
    IReplicaStore store, IChangeSignal signal, EndpointDirectory directory, IServer server, TimeProvider time, ILogger<ReplicaHeartbeat> logger)
    : BackgroundService
{
    private readonly long _startedAt = time.GetUtcNow().ToUnixTimeMilliseconds();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ReplicaLiveness.Beat, time);
        do
        {
            try
            {
                await store.BeatAsync(signal.ReplicaName, Urls(), _startedAt, stoppingToken);
                await EndpointFollower.ReconsiderAllAsync(directory, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                Log.BeatFailed(logger, error.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await store.LeaveAsync(signal.ReplicaName, cancellationToken);
            await signal.PublishAsync(ChangeKind.ReplicaState, "*", cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The row ages out on its own.
            Log.BeatFailed(logger, error.GetType().Name);
        }
    }

    private string Urls() => string.Join(",", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 63, Level = LogLevel.Warning, Message = "Replica heartbeat failed ({Error})")]
        public static partial void BeatFailed(ILogger logger, string error);
    }
}
