using Switchyard.Core.Endpoints;
using Switchyard.Core.Permissions;

namespace Switchyard.Server.Serving;

/// <summary>
/// At start-up, before the server takes requests, rebuilds from the store what the data plane
/// reads from memory: each endpoint's access rules and its live routing.
/// </summary>
public sealed class DeploymentRestorer(IEndpointStore store, EndpointAccessTable access, Deployer deployer) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoints = await store.ListAsync(cancellationToken);
        foreach (var endpoint in endpoints)
        {
            access.Set(endpoint.Name, endpoint.Access);
        }

        await deployer.RestoreAsync(endpoints, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
