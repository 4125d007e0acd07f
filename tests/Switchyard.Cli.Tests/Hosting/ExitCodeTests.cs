using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Hosting;

/// <summary>Each documented exit code, caused for real, with the API's error_code on stderr.</summary>
public sealed class ExitCodeTests : CliAgainstServer
{
    [Theory]
    [InlineData("serving-endpoints", "bogus")]
    [InlineData("nonsense")]
    [InlineData("serving-endpoints", "get")]
    [InlineData("serving-endpoints", "list", "--unknown-flag", "x")]
    [InlineData("serving-endpoints", "create", "x", "--json", "{\"name\": \"x\" \"config\": {}}")]
    [InlineData("serving-endpoints", "split", "x", "a=60", "b=60")]
    [InlineData("serving-endpoints", "list", "--output", "yaml")]
    public async Task BadArguments_ExitWithUsageError(params string[] args)
    {
        var result = await Cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task InvalidConfig_RefusedByTheServer_IsAUsageErrorWithTheErrorCode()
    {
        var result = await Cli.RunAsync("serving-endpoints", "create", "x", "--entity", "a=catalog.schema.missing:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("INVALID_PARAMETER_VALUE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingEndpoint_ExitsNotFound_WithErrorCodeAndMessage()
    {
        var result = await Cli.RunAsync("serving-endpoints", "get", "nowhere");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", result.Error, StringComparison.Ordinal);
        Assert.Contains("nowhere", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserWithoutRights_ExitsPermissionDenied()
    {
        await Cli.RunAsync("models", "create", "catalog.schema.model-A");
        var (_, token) = await Server.CreateUserWithTokenAsync("someone@example.com");
        using var someone = new CliRunner().With("DATABRICKS_HOST", Server.Host).With("DATABRICKS_TOKEN", token);

        var result = await someone.RunAsync("models", "delete", "catalog.schema.model-A");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("PERMISSION_DENIED", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExistingModel_ExitsConflict()
    {
        Assert.Equal(0, (await Cli.RunAsync("models", "create", "catalog.schema.twice")).ExitCode);

        var result = await Cli.RunAsync("models", "create", "catalog.schema.twice");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("ALREADY_EXISTS", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateThatFails_PrintsTheReasonAndExitsUpdateFailed()
    {
        await Cli.RunAsync("models", "create", "catalog.schema.model-A");
        var version = (await Cli.RunAsync("models", "register", "catalog.schema.model-A", Scenario.SampleModel("model-a"), "-o", "json")).Json();

        // The stored model disappears behind the server's back, so loading it fails during the rollout.
        var stored = (string)version["storage_location"]!;
        foreach (var file in Directory.GetFiles(stored.Replace("file://", "", StringComparison.Ordinal), "*.onnx", SearchOption.AllDirectories))
        {
            await File.WriteAllTextAsync(file, "not an onnx model");
        }

        var result = await Cli.RunAsync("serving-endpoints", "create", "broken", "--entity", "only=catalog.schema.model-A:1", "--route", "only=100");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("UPDATE_FAILED", result.Error, StringComparison.Ordinal);
        Assert.Contains("DEPLOYMENT_FAILED", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableHost_ExitsUnreachable()
    {
        var result = await Cli.RunAsync("serving-endpoints", "list", "--host", "http://127.0.0.1:1");

        Assert.Equal(7, result.ExitCode);
        Assert.Contains("127.0.0.1:1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryExitCodeAndSucceeds()
    {
        var result = await Cli.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var code in Enumerable.Range(0, 9))
        {
            Assert.Contains($"  {code}  ", result.Out, StringComparison.Ordinal);
        }

        Assert.Contains("get-optimization-info", result.Out, StringComparison.Ordinal);
    }
}
