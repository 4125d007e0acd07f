using Switchyard.Core.Identity;

namespace Switchyard.Server.Replicas;

/// <summary>
/// Keeps every replica's token cache honest: a change to principals, groups or tokens made here is
/// announced, and one announced elsewhere (or possibly missed) makes every cached token read again
/// on its next use, so a token revoked on one replica is refused on all.
/// </summary>
public sealed class IdentityFollower(IChangeSignal signal, IIdentityStore store) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.Changed += Announce;
        _subscription = signal.Subscribe(FollowAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.Changed -= Announce;
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void Announce() => _ = signal.PublishAsync(ChangeKind.Identity, "*", CancellationToken.None).AsTask();

    private Task FollowAsync(Change change, CancellationToken ct)
    {
        if (change.Kind is ChangeKind.Identity or ChangeKind.Resync)
        {
            store.NoteChangedElsewhere();
        }

        return Task.CompletedTask;
    }
}
