using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary>
/// <c>experiment-report</c> and <c>rollout start|status|abort</c> against the real issue 16 routes
/// (built beside the CLI: this class runs once they are merged).
/// </summary>
public sealed class ExperimentRouteCommandTests : CliAgainstServer
{
    [Fact]
    public async Task ExperimentReport_ShowsEachArm_AndJsonIsTheApisAnswer()
    {
        await CreateAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "query", "multi-model", "--json", Scenario.QueryBody)).ExitCode);
        }

        var text = await Cli.RunAsync("serving-endpoints", "experiment-report", "multi-model");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("control:", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^ARM\s+REQUESTS\s+UNITS\s+SHARE\s+EXPECTED", text.Out);
        Assert.Matches(@"(?m)^current\s+\d", text.Out);
        Assert.Matches(@"(?m)^challenger\s+\d", text.Out);

        var json = (await Cli.RunAsync("serving-endpoints", "experiment-report", "multi-model", "-o", "json")).Json();
        Assert.Equal("multi-model", (string?)json["endpoint_name"]);
        Assert.Equal(2, json["arms"]!.AsArray().Count);
    }

    [Fact]
    public async Task Rollout_StartStatusAbort()
    {
        await CreateAsync();
        var body = Path.Combine(Cli.Home, "rollout.json");
        await File.WriteAllTextAsync(body, """
            {"candidate": "challenger", "steps": [{"weight": 50, "hold_s": 3600}, {"weight": 100, "hold_s": 0}],
             "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 100}],
             "failure_limit": 1, "on_inconclusive": "pause"}
            """);

        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "rollout", "start", "multi-model", "--json", "@" + body)).ExitCode);
        var status = await Cli.RunAsync("serving-endpoints", "rollout", "status", "multi-model");
        Assert.Matches(@"(?m)^state:\s+RUNNING$", status.Out);
        Assert.Matches(@"(?m)^candidate:\s+challenger$", status.Out);

        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "rollout", "abort", "multi-model")).ExitCode);
        var aborted = (await Cli.RunAsync("serving-endpoints", "rollout", "status", "multi-model", "-o", "json")).Json();
        Assert.Equal("ABORTED", (string?)aborted["state"]);
        Assert.True(JsonNode.DeepEquals(aborted, await Server.GetOkJsonAsync("/api/2.0/serving-endpoints/multi-model/rollout")));
    }

    /// <summary>The scenario's 90/10 endpoint.</summary>
    private async Task CreateAsync()
    {
        await Server.RegisterSampleModelsAsync();
        var bodyFile = Path.Combine(Cli.Home, "multi-model.json");
        await File.WriteAllTextAsync(bodyFile, Scenario.CreateBody);
        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "create", "--json", "@" + bodyFile)).ExitCode);
    }
}
