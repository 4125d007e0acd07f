using Switchyard.Core.Endpoints;
using Switchyard.Core.Secrets;
using Switchyard.Providers;

namespace Switchyard.Server.Serving;

/// <summary>
/// At start-up, before the server takes requests, gives every stored endpoint its owner and
/// publishes its state (access rules, live routing, a rollout to resume). This is the only time
/// the endpoint store is read: from then on the owners hold the state and only write the store.
/// </summary>
public sealed class DeploymentRestorer(
    IEndpointStore store, EndpointIntake intake, ProviderKeySealer sealer, ExternalProviderCatalog providers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await store.ListAsync(cancellationToken))
        {
            var endpoint = stored;
            if (ProviderKeyMigration.Sealed(endpoint, sealer, providers) is { } sealedEndpoint)
            {
                endpoint = await store.SaveAsync(sealedEndpoint, cancellationToken);
            }

            await intake.RestoreAsync(endpoint, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
