using Switchyard.Core.Registry;

namespace Switchyard.Server.Registry;

/// <summary>
/// Tidies the model store before the server takes requests, so that a crash in the middle of a
/// registration or a delete leaves no trace after the next start.
/// </summary>
internal sealed class ModelStoreCleanup(ModelStore store, IRegistryStore registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.RemoveLeftoversAsync(registry, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
