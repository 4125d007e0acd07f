using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary><c>serving-endpoints rollout start|status|abort</c> against a real server, and the flags' mistakes.</summary>
public sealed class RolloutCommandTests : CliAgainstServer
{
    [Fact]
    public async Task StartStatusAbort_BuildTheBodyFromFlags_AndShowTheDecisions()
    {
        foreach (var (name, folder) in new[] { ("catalog.schema.model-A", "model-a"), ("catalog.schema.model-B", "model-b") })
        {
            Assert.Equal(0, (await Cli.RunAsync("models", "create", name)).ExitCode);
            Assert.Equal(0, (await Cli.RunAsync("models", "register", name, Scenario.SampleModel(folder))).ExitCode);
        }

        var bodyFile = Path.Combine(Cli.Home, "multi-model.json");
        await File.WriteAllTextAsync(bodyFile, Scenario.CreateBody);
        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "create", "--json", "@" + bodyFile)).ExitCode);

        var started = (await Cli.RunAsync("serving-endpoints", "rollout", "start", "multi-model", "--candidate", "challenger",
            "--steps", "25:300,50:300,100:0", "--gate", "error_rate:vs_baseline:0.02:100", "--gate", "feedback:clicked:vs_baseline:0.05:50",
            "--failure-limit", "2", "--on-inconclusive", "rollback", "--evaluation-interval", "15", "-o", "json")).Json();

        Assert.Equal("RUNNING", (string?)started["state"]);
        Assert.Equal(25.0, (double)started["weight"]!);
        Assert.Equal([(25.0, 300L), (50.0, 300L), (100.0, 0L)],
            started["steps"]!.AsArray().Select(s => ((double)s!["weight"]!, (long)s["hold_s"]!)));
        Assert.Equal(["error_rate", "feedback:clicked"], started["gates"]!.AsArray().Select(g => (string?)g!["metric"]));
        Assert.Equal(0.05, (double)started["gates"]![1]!["max_degradation"]!);
        Assert.Equal((2, "rollback", 15), ((int)started["failure_limit"]!, (string?)started["on_inconclusive"], (int)started["evaluation_interval_s"]!));

        var status = await Cli.RunAsync("serving-endpoints", "rollout", "status", "multi-model");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("RUNNING", status.Out, StringComparison.Ordinal);
        Assert.Contains("1/3 at 25%", status.Out, StringComparison.Ordinal);
        Assert.Contains("advance", status.Out, StringComparison.Ordinal);

        await Server.WaitUntilReadyAsync("multi-model");
        var aborted = (await Cli.RunAsync("serving-endpoints", "rollout", "abort", "multi-model", "-o", "json")).Json();
        Assert.Equal("ABORTED", (string?)aborted["state"]);
        // Ended: a second abort is a conflict.
        Assert.Equal(5, (await Cli.RunAsync("serving-endpoints", "rollout", "abort", "multi-model")).ExitCode);
    }

    [Theory]
    [InlineData("--steps", "10-300")]
    [InlineData("--steps", "ten:300")]
    [InlineData("--gate", "error_rate:0.02")]
    public async Task AMalformedFlag_IsAUsageError_BeforeAnythingIsSent(string flag, string value)
    {
        string[] args = flag == "--steps"
            ? ["serving-endpoints", "rollout", "start", "nowhere", "--candidate", "b", "--steps", value]
            : ["serving-endpoints", "rollout", "start", "nowhere", "--candidate", "b", "--steps", "10:60", "--gate", value];

        var result = await Cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(flag, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAction_AndAPlanOnStatus_AreUsageErrors()
    {
        Assert.Equal(2, (await Cli.RunAsync("serving-endpoints", "rollout", "pause", "x")).ExitCode);
        Assert.Equal(2, (await Cli.RunAsync("serving-endpoints", "rollout", "status", "x", "--candidate", "b")).ExitCode);
    }
}
