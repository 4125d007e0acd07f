using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary>
/// <c>serving-endpoints experiment-report</c> and <c>rollout start|status|abort</c>: arguments are
/// checked before anything is sent (these run on any branch); <see cref="ExperimentRouteCommandTests"/>
/// runs them against the real routes.
/// </summary>
public sealed class ExperimentCommandTests
{
    [Theory]
    [InlineData("serving-endpoints", "rollout", "go", "multi-model")]
    [InlineData("serving-endpoints", "rollout", "start", "multi-model")]
    [InlineData("serving-endpoints", "rollout", "status", "multi-model", "--json", "{}")]
    [InlineData("serving-endpoints", "rollout", "abort", "multi-model", "--json", "{}")]
    [InlineData("serving-endpoints", "rollout", "status")]
    [InlineData("serving-endpoints", "experiment-report")]
    [InlineData("serving-endpoints", "experiment-report", "multi-model", "--json", "{}")]
    public async Task BadArguments_AreUsageErrors_BeforeAnythingIsSent(params string[] args)
    {
        // A host that would refuse a connection: a usage error must come before any request.
        using var cli = new CliRunner().With("DATABRICKS_HOST", "http://127.0.0.1:9").With("DATABRICKS_TOKEN", "dapi-test");
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("Error: ", result.Error, StringComparison.Ordinal);
    }
}
