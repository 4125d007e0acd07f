namespace Switchyard.Server.Serving;

/// <summary>At start-up, rebuilds the live routing from the store before the server takes requests.</summary>
public sealed class DeploymentRestorer(Deployer deployer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => deployer.RestoreAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
