using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Secrets;

/// <summary>Secrets go in through stdin and never come back out of the program.</summary>
public sealed class SecretCommandTests : IAsyncLifetime
{
    private const string Value = "sk-live-7f3a9c2e1b5d-never-shown";

    private readonly LoopbackServer _server = new();
    private CliRunner _cli = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _cli = CliRunner.For(_server);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task PutSecret_FromStdin_IsStoredAndNeverEchoed()
    {
        var results = new List<CliResult>
        {
            await _cli.RunAsync("secrets", "create-scope", "keys"),
            await _cli.RunWithInputAsync(Value + "\n", "secrets", "put-secret", "keys", "openai"),
            await _cli.RunWithInputAsync(Value + "\n", "secrets", "put-secret", "keys", "again", "-o", "json"),
            await _cli.RunAsync("secrets", "list-secrets", "keys"),
            await _cli.RunAsync("secrets", "list-secrets", "keys", "-o", "json"),
            await _cli.RunAsync("secrets", "list-scopes"),
            // A failing put must not quote the value either.
            await _cli.RunWithInputAsync(Value, "secrets", "put-secret", "no-such-scope", "k"),
        };

        Assert.All(results.Take(6), r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(3, results[6].ExitCode);
        Assert.Contains("openai", results[3].Out, StringComparison.Ordinal);
        Assert.Contains("keys", results[5].Out, StringComparison.Ordinal);
        foreach (var result in results)
        {
            Assert.DoesNotContain(Value, result.Out + result.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await _cli.RunAsync("secrets", "delete-secret", "keys", "openai")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("secrets", "delete-scope", "keys")).ExitCode);
    }

    [Fact]
    public async Task PutSecret_WithEmptyStdin_IsAUsageError()
    {
        await _cli.RunAsync("secrets", "create-scope", "keys");

        var result = await _cli.RunAsync("secrets", "put-secret", "keys", "k");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Tokens_CreateListDelete_RoundTrip()
    {
        var created = (await _cli.RunAsync("tokens", "create", "--comment", "ci", "--lifetime-seconds", "3600", "-o", "json")).Json();
        var id = (string)created["token_info"]!["token_id"]!;

        var list = await _cli.RunAsync("tokens", "list");
        Assert.Contains(id, list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(LoopbackServer.AdminToken, list.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await _cli.RunAsync("tokens", "delete", id)).ExitCode);
        Assert.Equal(3, (await _cli.RunAsync("tokens", "delete", id)).ExitCode);
    }
}
