using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary>
/// <c>rollout start|status|abort</c> against the real rollout routes of issue 16 (built beside the
/// CLI: this class runs once they are merged).
/// </summary>
public sealed class RolloutRouteCommandTests : CliAgainstServer
{
    [Fact]
    public async Task Rollout_StartStatusAbort()
    {
        await Server.RegisterSampleModelsAsync();
        var endpointFile = Path.Combine(Cli.Home, "multi-model.json");
        await File.WriteAllTextAsync(endpointFile, Scenario.CreateBody);
        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "create", "--json", "@" + endpointFile)).ExitCode);
        var body = Path.Combine(Cli.Home, "rollout.json");
        await File.WriteAllTextAsync(body, """
            {"candidate": "challenger", "steps": [{"weight": 50, "hold_s": 3600}, {"weight": 100, "hold_s": 0}],
             "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 100}],
             "failure_limit": 1, "on_inconclusive": "pause"}
            """);

        var started = await Cli.RunAsync("serving-endpoints", "rollout", "start", "multi-model", "--json", "@" + body);
        Assert.True(started.ExitCode == 0, started.ToString());
        var status = await Cli.RunAsync("serving-endpoints", "rollout", "status", "multi-model");
        Assert.Matches(@"(?m)^state:\s+RUNNING$", status.Out);
        Assert.Matches(@"(?m)^candidate:\s+challenger$", status.Out);
        Assert.Matches(@"(?m)^steps:\s+50% for 3600 s -> 100% for 0 s$", status.Out);

        var aborted = await Cli.RunAsync("serving-endpoints", "rollout", "abort", "multi-model", "-o", "json");
        Assert.Equal("ABORTED", (string?)aborted.Json()["state"]);
        var json = (await Cli.RunAsync("serving-endpoints", "rollout", "status", "multi-model", "-o", "json")).Json();
        Assert.True(JsonNode.DeepEquals(json, await Server.GetOkJsonAsync("/api/2.0/serving-endpoints/multi-model/rollout")));
        Assert.Equal(3, (await Cli.RunAsync("serving-endpoints", "rollout", "resume", "nobody")).ExitCode);
    }
}
