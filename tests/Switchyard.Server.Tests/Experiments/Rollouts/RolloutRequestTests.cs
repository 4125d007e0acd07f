namespace Switchyard.Server.Tests.Experiments.Rollouts;

/// <summary>
/// The rollout's requests over real HTTP: every bad field is a 400 naming it and starts nothing,
/// a second rollout is refused while one is in progress, the permissions are those of the config,
/// an inconclusive step pauses (and resumes), and a restart finds the rollout.
/// </summary>
public sealed class RolloutRequestTests
{
    private const string Good = """
        {"candidate": "next", "steps": [{"weight": 10, "hold_s": 300}, {"weight": 100, "hold_s": 0}],
         "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 100}]}
        """;

    [Theory]
    [InlineData("""{"steps": [{"weight": 10, "hold_s": 10}]}""", "candidate is required")]
    [InlineData("""{"candidate": "nobody", "steps": [{"weight": 10, "hold_s": 10}]}""", "candidate 'nobody' is not a served entity")]
    [InlineData("""{"candidate": "current", "steps": [{"weight": 10, "hold_s": 10}]}""", "candidate 'current' is the only served entity with traffic")]
    [InlineData("""{"candidate": "next"}""", "steps is required")]
    [InlineData("""{"candidate": "next", "steps": []}""", "steps is required")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 0, "hold_s": 10}]}""", "steps[0].weight must be a number more than 0 and at most 100")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 101, "hold_s": 10}]}""", "steps[0].weight must be a number more than 0 and at most 100")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": "10", "hold_s": 10}]}""", "steps[0].weight must be a number")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 0.001, "hold_s": 10}]}""", "steps[0].weight 0.001 must be a whole number of basis points")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 50, "hold_s": 10}, {"weight": 20, "hold_s": 10}]}""", "steps[1].weight 20 must be greater than the step before (50)")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 0}, {"weight": 20, "hold_s": 10}]}""", "steps[0].hold_s must be a whole number from 1")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": -1}]}""", "steps[0].hold_s must be a whole number from 0")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10}]}""", "steps[0].hold_s is required")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1, "pause": true}]}""", "steps[0].pause is not a field")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "gates": [{"metric": "latency", "comparator": "absolute", "max_degradation": 1, "min_samples": 1}]}""", "gates[0].metric must be")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "gates": [{"metric": "feedback:", "comparator": "absolute", "max_degradation": 1, "min_samples": 1}]}""", "gates[0].metric must be")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "gates": [{"metric": "p99_ms", "comparator": "better", "max_degradation": 1, "min_samples": 1}]}""", "gates[0].comparator must be")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "gates": [{"metric": "p99_ms", "comparator": "absolute", "max_degradation": -1, "min_samples": 1}]}""", "gates[0].max_degradation must be a number of at least 0")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "gates": [{"metric": "error_rate", "comparator": "absolute", "max_degradation": 2, "min_samples": 1}]}""", "gates[0].max_degradation 2 is an error rate")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "gates": [{"metric": "p99_ms", "comparator": "absolute", "max_degradation": 1, "min_samples": 0}]}""", "gates[0].min_samples must be a whole number from 1")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "gates": [{"metric": "p99_ms", "comparator": "absolute", "max_degradation": 1}]}""", "gates[0].min_samples is required")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "gates": {"metric": "p99_ms"}}""", "gates must be a list")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "failure_limit": 0}""", "failure_limit must be a whole number from 1")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "on_inconclusive": "wait"}""", "on_inconclusive must be \"pause\" or \"rollback\"")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "evaluation_interval_s": 0}""", "evaluation_interval_s must be a whole number from 1")]
    [InlineData("""{"candidate": "next", "steps": [{"weight": 10, "hold_s": 1}], "canary": true}""", "canary is not a field of a rollout")]
    public async Task ABadField_IsA400NamingIt_AndStartsNothing(string body, string expected)
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("bad");

        var message = await ApiAssert.ErrorAsync(await host.StartRolloutAsync("bad", body), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/bad/rollout"), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Single(await host.HistoryAsync("bad"));
    }

    [Fact]
    public async Task ASecondRollout_IsRefusedWhileOneIsInProgress_AndAnUnknownEndpointIs404()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("busy");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("busy", Good));
        await host.WaitNotUpdatingAsync("busy");

        var message = await ApiAssert.ErrorAsync(await host.StartRolloutAsync("busy", Good), 409, "RESOURCE_CONFLICT");

        Assert.Contains("already has a rollout in progress", message, StringComparison.Ordinal);
        Assert.Equal(2, (await host.HistoryAsync("busy")).Count);
        await ApiAssert.ErrorAsync(await host.StartRolloutAsync("nowhere", Good), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/nowhere/rollout"), 404, "RESOURCE_DOES_NOT_EXIST");

        // Once it has ended, another may start.
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/busy/rollout/abort", "{}"));
        await host.WaitNotUpdatingAsync("busy");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("busy", Good));
    }

    [Fact]
    public async Task Starting_NeedsCanManage_Reading_CanView()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("guarded");
        var (_, viewerToken) = await host.Server.CreateUserWithTokenAsync("viewer@example.com");
        var endpoint = await ApiAssert.OkJsonAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/guarded"));
        await ApiAssert.OkJsonAsync(await host.Server.Client.PatchAsync($"/api/2.0/permissions/serving-endpoints/{(string)endpoint["id"]!}",
            new StringContent("""{"access_control_list": [{"user_name": "viewer@example.com", "permission_level": "CAN_VIEW"}]}""",
                System.Text.Encoding.UTF8, "application/json")));
        var viewer = host.Server.ClientFor(viewerToken);

        await ApiAssert.ErrorAsync(await viewer.PostAsync("/api/2.0/serving-endpoints/guarded/rollout",
            new StringContent(Good, System.Text.Encoding.UTF8, "application/json")), 403, "PERMISSION_DENIED");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("guarded", Good));
        var seen = await ApiAssert.OkJsonAsync(await viewer.GetAsync("/api/2.0/serving-endpoints/guarded/rollout"));
        Assert.Equal("RUNNING", (string?)seen["state"]);
        Assert.Null(seen["starter"]);
        await ApiAssert.ErrorAsync(await viewer.PostAsync("/api/2.0/serving-endpoints/guarded/rollout/abort", null), 403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task AnInconclusiveStep_Pauses_ThenResumes_AndARestartFindsTheRollout()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("quiet");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("quiet", """
            {"candidate": "next", "steps": [{"weight": 10, "hold_s": 10}, {"weight": 100, "hold_s": 0}],
             "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 1000}],
             "on_inconclusive": "pause"}
            """));
        await host.QueryAsync("quiet", 10);

        var paused = await host.AdvanceAsync("quiet", 10, r => (string?)r["state"] != "RUNNING");

        Assert.Equal("PAUSED", (string?)paused["state"]);
        var gate = paused["decisions"]!.AsArray()[^1]!;
        Assert.Equal(("inconclusive", "pause"), ((string?)gate["verdict"], (string?)gate["action"]));
        Assert.True((long)gate["samples"]! < 1000);
        Assert.Null(gate["p_value"]);

        // A paused rollout stays paused across a restart, candidate still at its step's weight.
        await host.Server.RestartAsync();
        var restored = await host.RolloutAsync("quiet");
        Assert.Equal(("PAUSED", 1, 10.0), ((string?)restored["state"], (int)restored["step"]!, (double)restored["weight"]!));
        Assert.Equal(paused["decisions"]!.ToJsonString(), restored["decisions"]!.ToJsonString());

        var resumed = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/quiet/rollout/resume", "{}"));
        Assert.Equal(("RUNNING", "resume"), ((string?)resumed["state"], (string?)resumed["decisions"]!.AsArray()[^1]!["action"]));
        await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/quiet/rollout/resume", "{}"), 409, "RESOURCE_CONFLICT");

        // A running rollout resumes after a restart, its step's window and hold started again.
        await host.Server.RestartAsync();
        var running = await host.RolloutAsync("quiet");
        Assert.Equal("RUNNING", (string?)running["state"]);
        Assert.Equal("resume", (string?)running["decisions"]!.AsArray()[^1]!["action"]);
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)running["step_started_ms"]!);
    }

    [Fact]
    public async Task InconclusiveWithRollback_RollsBack_AndAFeedbackGateWithoutFeedbackIsInconclusive()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("unsure");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("unsure", """
            {"candidate": "next", "steps": [{"weight": 50, "hold_s": 10}, {"weight": 100, "hold_s": 0}],
             "gates": [{"metric": "feedback:clicked", "comparator": "vs_baseline", "max_degradation": 0.05, "min_samples": 5}],
             "on_inconclusive": "rollback"}
            """));
        await host.QueryAsync("unsure", 20);

        var ended = await host.AdvanceAsync("unsure", 10, r => (string?)r["state"] != "RUNNING");

        Assert.Equal("ROLLED_BACK", (string?)ended["state"]);
        var gate = ended["decisions"]!.AsArray().Single(d => (string?)d!["gate"] == "feedback:clicked")!;
        Assert.Equal(("inconclusive", "rollback"), ((string?)gate["verdict"], (string?)gate["action"]));
        await host.WaitNotUpdatingAsync("unsure");
        Assert.Contains("inconclusive", (string)(await host.HistoryAsync("unsure"))[0]!["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARolloutGoesWithItsDeletedEndpoint_AndALaterEndpointOfTheSameNameHasNone()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("reborn");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("reborn", Good));
        await host.WaitNotUpdatingAsync("reborn");
        await ApiAssert.OkJsonAsync(await host.Server.Client.DeleteAsync("/api/2.0/serving-endpoints/reborn"));
        host.Clock.Advance(TimeSpan.FromSeconds(1));

        await host.CreateAsync("reborn");

        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/reborn/rollout"), 404, "RESOURCE_DOES_NOT_EXIST");
        var fresh = await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("reborn", Good));
        Assert.Equal((1L, 2L), ((long)fresh["baseline_config_version"]!, (long)fresh["config_version"]!));
    }
}
