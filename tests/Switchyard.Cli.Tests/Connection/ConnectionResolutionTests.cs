using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Connection;

/// <summary>Flags beat environment variables, which beat the profile of the config file.</summary>
public sealed class ConnectionResolutionTests : IAsyncLifetime
{
    private const string WrongToken = "dapi0000000000000bad" + "00000000000000000000000000000000";
    private const string Unreachable = "http://127.0.0.1:1";

    private ServerUnderTest _server = null!;

    public async Task InitializeAsync() => _server = await ServerUnderTest.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task DefaultProfile_InHomeConfigFile_IsUsedWhenNothingElseIsSet()
    {
        using var cli = new CliRunner();
        await File.WriteAllTextAsync(Path.Combine(cli.Home, ".databrickscfg"),
            $"; comment\n[DEFAULT]\nhost = {_server.Host}\ntoken = {ServerUnderTest.AdminToken}\n");

        Assert.Equal(0, (await cli.RunAsync("serving-endpoints", "list")).ExitCode);
    }

    [Fact]
    public async Task NamedProfile_FromFlagOrEnvironment_InConfigFileFromEnvironment_IsUsed()
    {
        using var cli = new CliRunner();
        var file = Path.Combine(cli.Home, "elsewhere.cfg");
        await File.WriteAllTextAsync(file,
            $"[DEFAULT]\nhost = {Unreachable}\ntoken = {WrongToken}\n\n[dev]\nhost = {_server.Host}\ntoken = {ServerUnderTest.AdminToken}\n");
        cli.With("DATABRICKS_CONFIG_FILE", file);

        Assert.Equal(7, (await cli.RunAsync("serving-endpoints", "list")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("serving-endpoints", "list", "--profile", "dev")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("serving-endpoints", "list", "-p", "dev")).ExitCode);
        cli.With("DATABRICKS_CONFIG_PROFILE", "dev");
        Assert.Equal(0, (await cli.RunAsync("serving-endpoints", "list")).ExitCode);

        var missing = await cli.RunAsync("serving-endpoints", "list", "--profile", "prod");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("prod", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentVariables_OverrideTheProfile_AndFlagsOverrideBoth()
    {
        using var cli = new CliRunner();
        await File.WriteAllTextAsync(Path.Combine(cli.Home, ".databrickscfg"), $"[DEFAULT]\nhost = {Unreachable}\ntoken = {WrongToken}\n");

        cli.With("DATABRICKS_HOST", _server.Host);
        var profileToken = await cli.RunAsync("serving-endpoints", "list");
        Assert.Equal(4, profileToken.ExitCode);

        cli.With("DATABRICKS_TOKEN", ServerUnderTest.AdminToken);
        Assert.Equal(0, (await cli.RunAsync("serving-endpoints", "list")).ExitCode);

        Assert.Equal(7, (await cli.RunAsync("serving-endpoints", "list", "--host", Unreachable)).ExitCode);
        Assert.Equal(4, (await cli.RunAsync("serving-endpoints", "list", "--token", WrongToken)).ExitCode);
    }

    [Fact]
    public async Task Failures_NeverPrintTheToken()
    {
        using var cli = new CliRunner().With("DATABRICKS_HOST", _server.Host).With("DATABRICKS_TOKEN", WrongToken);

        var denied = await cli.RunAsync("serving-endpoints", "get", "anything");
        var unreachable = await cli.RunAsync("serving-endpoints", "get", "anything", "--host", Unreachable);

        Assert.Equal(4, denied.ExitCode);
        Assert.Equal(7, unreachable.ExitCode);
        foreach (var result in new[] { denied, unreachable })
        {
            Assert.DoesNotContain(WrongToken, result.Out + result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoHostAnywhere_IsAUsageError()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("serving-endpoints", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DATABRICKS_HOST", result.Error, StringComparison.Ordinal);
    }
}
