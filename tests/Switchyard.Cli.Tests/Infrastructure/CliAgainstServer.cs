namespace Switchyard.Cli.Tests.Infrastructure;

/// <summary>A test class that runs the CLI against its own real server, started before each test and stopped after.</summary>
public abstract class CliAgainstServer : IAsyncLifetime
{
    protected LoopbackServer Server { get; } = new();

    protected CliRunner Cli { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Cli = CliRunner.For(Server);
    }

    public async Task DisposeAsync()
    {
        Cli.Dispose();
        await Server.DisposeAsync();
    }
}
