namespace Switchyard.Cli.Tests.Infrastructure;

/// <summary>A test class that runs the CLI against its own real server, started before each test and stopped after.</summary>
public abstract class CliAgainstServer : IAsyncLifetime
{
    protected ServerUnderTest Server { get; private set; } = null!;

    protected CliRunner Cli { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerUnderTest.StartAsync();
        Cli = CliRunner.For(Server);
    }

    public async Task DisposeAsync()
    {
        Cli.Dispose();
        await Server.DisposeAsync();
    }
}
