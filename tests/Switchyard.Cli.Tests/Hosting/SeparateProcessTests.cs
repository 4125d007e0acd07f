using System.Diagnostics;
using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Hosting;

/// <summary>The built program as its own process: real console streams, real environment, real exit code.</summary>
public sealed class SeparateProcessTests : IAsyncLifetime
{
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync() => _server = await ServerUnderTest.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task BuiltProgram_ReadsEnvironment_PutsSecretFromStdin_AndExitsWithDocumentedCodes()
    {
        const string value = "process-secret-4e1d-never-shown";
        var scope = await RunAsync("", "secrets", "create-scope", "proc");
        Assert.Equal(0, scope.ExitCode);

        var put = await RunAsync(value + "\n", "secrets", "put-secret", "proc", "k");
        Assert.Equal(0, put.ExitCode);
        Assert.DoesNotContain(value, put.Out + put.Error, StringComparison.Ordinal);

        var list = await RunAsync("", "secrets", "list-secrets", "proc", "--output", "json");
        Assert.Equal("k", (string?)JsonNode.Parse(list.Out)!["secrets"]![0]!["key"]);

        var missing = await RunAsync("", "serving-endpoints", "get", "nowhere");
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerUnderTest.AdminToken, missing.Out + missing.Error, StringComparison.Ordinal);
    }

    private async Task<CliResult> RunAsync(string stdin, params string[] args)
    {
        // The test project references the CLI, so its build output sits beside the tests.
        var program = Path.Combine(AppContext.BaseDirectory, "Switchyard.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DATABRICKS_HOST"] = _server.Host;
        start.Environment["DATABRICKS_TOKEN"] = ServerUnderTest.AdminToken;
        start.Environment["DATABRICKS_CONFIG_FILE"] = Path.Combine(Path.GetTempPath(), "switchyard-cli-no-config", "none.cfg");
        start.Environment.Remove("DATABRICKS_CONFIG_PROFILE");

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
