using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary>
/// <c>serving-endpoints rollout start|status|abort|resume</c>: arguments are checked before anything
/// is sent (runs on any branch); <see cref="RolloutRouteCommandTests"/> runs the commands against the real routes.
/// </summary>
public sealed class RolloutCommandTests
{
    [Theory]
    [InlineData("serving-endpoints", "rollout", "go", "multi-model")]
    [InlineData("serving-endpoints", "rollout", "start", "multi-model")]
    [InlineData("serving-endpoints", "rollout", "status", "multi-model", "--json", "{}")]
    [InlineData("serving-endpoints", "rollout", "abort", "multi-model", "--json", "{}")]
    [InlineData("serving-endpoints", "rollout", "resume", "multi-model", "--json", "{}")]
    [InlineData("serving-endpoints", "rollout", "status")]
    [InlineData("serving-endpoints", "rollout", "start", "multi-model", "--json", "[1]")]
    public async Task BadArguments_AreUsageErrors_BeforeAnythingIsSent(params string[] args)
    {
        // A host nothing listens on: a usage error must come before any request is tried.
        using var cli = new CliRunner().With("DATABRICKS_HOST", "http://127.0.0.1:9").With("DATABRICKS_TOKEN", "dapi-test");
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("Error: ", result.Error, StringComparison.Ordinal);
    }
}
