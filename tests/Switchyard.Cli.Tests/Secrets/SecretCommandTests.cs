using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Secrets;

/// <summary>Secrets go in through stdin and never come back out of the program.</summary>
public sealed class SecretCommandTests : CliAgainstServer
{
    private const string Value = "sk-live-7f3a9c2e1b5d-never-shown";

    [Fact]
    public async Task PutSecret_FromStdin_IsStoredAndNeverEchoed()
    {
        var results = new List<CliResult>
        {
            await Cli.RunAsync("secrets", "create-scope", "keys"),
            await Cli.RunWithInputAsync(Value + "\n", "secrets", "put-secret", "keys", "openai"),
            await Cli.RunWithInputAsync(Value + "\n", "secrets", "put-secret", "keys", "again", "-o", "json"),
            await Cli.RunAsync("secrets", "list-secrets", "keys"),
            await Cli.RunAsync("secrets", "list-secrets", "keys", "-o", "json"),
            await Cli.RunAsync("secrets", "list-scopes"),
            // A failing put must not quote the value either.
            await Cli.RunWithInputAsync(Value, "secrets", "put-secret", "no-such-scope", "k"),
        };

        Assert.All(results.Take(6), r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(3, results[6].ExitCode);
        Assert.Contains("openai", results[3].Out, StringComparison.Ordinal);
        Assert.Contains("keys", results[5].Out, StringComparison.Ordinal);
        foreach (var result in results)
        {
            Assert.DoesNotContain(Value, result.Out + result.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await Cli.RunAsync("secrets", "delete-secret", "keys", "openai")).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("secrets", "delete-scope", "keys")).ExitCode);
    }

    [Fact]
    public async Task PutSecret_WithEmptyStdin_IsAUsageError()
    {
        await Cli.RunAsync("secrets", "create-scope", "keys");

        var result = await Cli.RunAsync("secrets", "put-secret", "keys", "k");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Tokens_CreateListDelete_RoundTrip()
    {
        var created = (await Cli.RunAsync("tokens", "create", "--comment", "ci", "--lifetime-seconds", "3600", "-o", "json")).Json();
        var id = (string)created["token_info"]!["token_id"]!;

        var list = await Cli.RunAsync("tokens", "list");
        Assert.Contains(id, list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerUnderTest.AdminToken, list.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await Cli.RunAsync("tokens", "delete", id)).ExitCode);
        Assert.Equal(3, (await Cli.RunAsync("tokens", "delete", id)).ExitCode);
    }
}
