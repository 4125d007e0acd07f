using Switchyard.Core.Endpoints;
using Switchyard.Core.Permissions;
using Switchyard.Core.Secrets;
using Switchyard.Providers;

namespace Switchyard.Server.Serving;

/// <summary>
/// At start-up, before the server takes requests, rebuilds from the store what the data plane
/// reads from memory: each endpoint's access rules and its live routing.
/// </summary>
public sealed class DeploymentRestorer(
    IEndpointStore store, EndpointAccessTable access, Deployer deployer, ProviderKeySealer sealer, ExternalProviderCatalog providers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoints = (await store.ListAsync(cancellationToken)).ToList();
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (ProviderKeyMigration.Sealed(endpoints[i], sealer, providers) is { } sealedEndpoint)
            {
                await store.SaveAsync(sealedEndpoint, cancellationToken);
                endpoints[i] = sealedEndpoint;
            }

            access.Set(endpoints[i].Name, endpoints[i].Access);
        }

        await deployer.RestoreAsync(endpoints, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
