using Switchyard.Core.Endpoints;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Replicas;

/// <summary>
/// Brings what another replica wrote into this replica's owners: an endpoint's row when it
/// changed, a rollout's tally when a replica reported on it, and everything after notifications
/// may have been missed (every endpoint row read again; endpoints gone from the store are dropped).
/// </summary>
public sealed class EndpointFollower(IChangeSignal signal, IEndpointStore store, EndpointIntake intake, EndpointDirectory directory) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = signal.Subscribe(FollowAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task FollowAsync(Change change, CancellationToken ct)
    {
        switch (change.Kind)
        {
            case ChangeKind.Endpoint:
                await intake.AdoptAsync(change.Key, await store.GetAsync(change.Key, ct), ct);
                break;
            case ChangeKind.ReplicaState when change.Key == "*":
                await ReconsiderAllAsync(directory, ct);
                break;
            case ChangeKind.ReplicaState:
                if (directory.OwnerOf(change.Key) is { } owner)
                {
                    await owner.ReconsiderAsync(ct);
                }

                break;
            case ChangeKind.Resync:
                await ResyncAsync(ct);
                break;
        }
    }

    private async Task ResyncAsync(CancellationToken ct)
    {
        var rows = await store.ListAsync(ct);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            stored.Add(row.Name);
            await intake.AdoptAsync(row.Name, row, ct);
        }

        foreach (var snapshot in directory.List())
        {
            if (!stored.Contains(snapshot.Name))
            {
                await intake.AdoptAsync(snapshot.Name, null, ct);
            }
        }

        await ReconsiderAllAsync(directory, ct);
    }

    /// <summary>Asks every rollout this replica holds loaded whether it may end now (a replica joined, left or aged out).</summary>
    public static async Task ReconsiderAllAsync(EndpointDirectory directory, CancellationToken ct)
    {
        foreach (var snapshot in directory.List())
        {
            if (directory.OwnerOf(snapshot.Name) is { } owner)
            {
                await owner.ReconsiderAsync(ct);
            }
        }
    }
}
