using System.Text.Json.Nodes;

namespace Switchyard.Server.Tests.Experiments.Rollouts;

/// <summary>
/// Progressive rollouts over real HTTP with the controller on a fake clock: a candidate that
/// answers 5xx, or is slowed, is rolled back to the exact baseline config version with the history
/// saying why; a healthy one walks every step to SUCCEEDED; an abort restores the baseline.
/// </summary>
public sealed class RolloutGateTests
{
    [Fact]
    public async Task ACandidateAnswering5xx_IsRolledBack_ToTheExactBaselineConfig_WithTheHistorySayingWhy()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("canary", candidate: "fail");
        await host.QueryAsync("canary", 5);
        var rollout = await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("canary", """
            {"candidate": "next", "steps": [{"weight": 50, "hold_s": 60}, {"weight": 100, "hold_s": 60}],
             "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 10}],
             "failure_limit": 1, "on_inconclusive": "pause"}
            """));
        Assert.Equal("RUNNING", (string?)rollout["state"]);
        Assert.Equal((1, 50.0, 1L, 2L), ((int)rollout["step"]!, (double)rollout["weight"]!, (long)rollout["baseline_config_version"]!, (long)rollout["config_version"]!));

        var served = await host.QueryAsync("canary", 80);
        Assert.True(served.GetValueOrDefault("next") >= 10 && served.GetValueOrDefault("current") >= 10, string.Join(",", served));
        var ended = await host.AdvanceAsync("canary", 10, r => (string?)r["state"] != "RUNNING");

        Assert.Equal("ROLLED_BACK", (string?)ended["state"]);
        var gate = ended["decisions"]!.AsArray().Select(d => d!.AsObject()).Single(d => (string?)d["gate"] == "error_rate");
        Assert.Equal(("fail", "rollback"), ((string?)gate["verdict"], (string?)gate["action"]));
        Assert.Equal(1.0, (double)gate["candidate"]!);
        Assert.Equal(0.0, (double)gate["baseline"]!);
        Assert.Equal(served["next"], (long)gate["candidate_samples"]!);
        Assert.Equal(served["current"], (long)gate["baseline_samples"]!);
        Assert.True((double)gate["p_value"]! < 0.05);

        await host.WaitNotUpdatingAsync("canary");
        var history = await host.HistoryAsync("canary");
        var newest = history[0]!.AsObject();
        var baseline = history.Single(c => (long)c!["config_version"]! == 1)!.AsObject();
        Assert.Equal(3L, (long)newest["config_version"]!);
        Assert.Equal("rollout", (string?)newest["author"]);
        var reason = (string)newest["reason"]!;
        Assert.Contains("rolled back", reason, StringComparison.Ordinal);
        Assert.Contains("error_rate vs_baseline", reason, StringComparison.Ordinal);
        Assert.Contains("restoring config version 1", reason, StringComparison.Ordinal);
        Assert.Equal(Without(baseline["config"]!, "config_version"), Without(newest["config"]!, "config_version"));
        Assert.Equal("rollout step 1/2: candidate next 50%", (string?)history[1]!["reason"]);

        // The endpoint serves the baseline again: every query goes to current.
        Assert.Equal(["current"], (await host.QueryAsync("canary", 20)).Keys);
        var events = await host.EventsAsync("canary");
        Assert.Contains(events, e => (string?)e!["type"] == "ROLLOUT_DECISION" && ((string?)e["message"])!.Contains("rollback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFeedbackGate_ReadsTheFeedbackGiven_AndRollsBackACandidateUsersLikeLess()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("liked");
        // The gate joins feedback to the arms through the usage log's rows.
        await ApiAssert.OkJsonAsync(await host.Server.PutJsonAsync("/api/2.0/serving-endpoints/liked/ai-gateway", """{"usage_tracking_config": {"enabled": true}}"""));
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("liked", """
            {"candidate": "next", "steps": [{"weight": 50, "hold_s": 60}, {"weight": 100, "hold_s": 60}],
             "gates": [{"metric": "feedback:clicked", "comparator": "vs_baseline", "max_degradation": 0.05, "min_samples": 20}],
             "failure_limit": 1, "on_inconclusive": "pause"}
            """));
        await host.WaitNotUpdatingAsync("liked");

        // Four in five of current's answers are clicked, one in five of next's.
        var answered = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 120; i++)
        {
            using var answer = await host.Server.Client.PostAsync("/serving-endpoints/liked/invocations", new StringContent(RolloutHost.Chat, System.Text.Encoding.UTF8, "application/json"));
            var served = answer.Headers.GetValues("served-model-name").Single();
            var count = answered[served] = answered.GetValueOrDefault(served) + 1;
            var clicked = served == "current" ? count % 5 != 0 : count % 5 == 0;
            var feedback = new JsonObject { ["request_id"] = answer.Headers.GetValues("x-request-id").Single(), ["metric"] = "clicked", ["value"] = clicked };
            await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/serving-endpoints/liked/feedback", feedback.ToJsonString()));
        }

        Assert.True(answered.GetValueOrDefault("next") >= 20 && answered.GetValueOrDefault("current") >= 20, string.Join(",", answered));
        await WaitForUsageRowsAsync(host, "liked", 120);
        var ended = await host.AdvanceAsync("liked", 10, r => (string?)r["state"] != "RUNNING");

        Assert.Equal("ROLLED_BACK", (string?)ended["state"]);
        var gate = ended["decisions"]!.AsArray().Select(d => d!.AsObject()).Single(d => (string?)d["gate"] == "feedback:clicked");
        Assert.Equal(("fail", "rollback"), ((string?)gate["verdict"], (string?)gate["action"]));
        Assert.Equal(answered["next"], (long)gate["candidate_samples"]!);
        Assert.InRange((double)gate["candidate"]!, 0.15, 0.25);
        Assert.InRange((double)gate["baseline"]!, 0.75, 0.85);
    }

    /// <summary>The usage log writes in the background: waits (real time) until the experiment report counts <paramref name="requests"/> queries.</summary>
    private static async Task WaitForUsageRowsAsync(RolloutHost host, string name, int requests)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var report = await ApiAssert.OkJsonAsync(await host.Server.Client.GetAsync($"/api/2.0/serving-endpoints/{name}/experiment-report"));
            var counted = report["segments"]!.AsArray().Sum(s => s!["arms"]!.AsArray().Sum(a => (long)a!["requests"]!));
            if (counted >= requests)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The usage log did not write {requests} rows: {report.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AFailureUnderTheLimit_HoldsTheStep_AndTheFailureAtTheLimit_RollsBack()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("limit", candidate: "fail");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("limit", """
            {"candidate": "next", "steps": [{"weight": 50, "hold_s": 10}, {"weight": 100, "hold_s": 0}],
             "gates": [{"metric": "error_rate", "comparator": "absolute", "max_degradation": 0.1, "min_samples": 10}],
             "failure_limit": 2, "evaluation_interval_s": 10}
            """));
        var served = await host.QueryAsync("limit", 80);
        Assert.True(served.GetValueOrDefault("next") >= 10, string.Join(",", served));

        // The hold is over, but a failing gate (one of two allowed) holds the step instead of advancing.
        var held = await host.AdvanceAsync("limit", 10, r => RolloutHost.Decisions(r) > 1);
        Assert.Equal(("RUNNING", 1, 1), ((string?)held["state"], (int)held["step"]!, (int)held["failures"]!));
        Assert.Equal(("fail", "hold"), ((string?)held["decisions"]![1]!["verdict"], (string?)held["decisions"]![1]!["action"]));
        Assert.Contains(await host.EventsAsync("limit"), e => (string?)e!["type"] == "ROLLOUT_DECISION"
            && ((string?)e["message"])!.Contains("hold. fail: error_rate absolute", StringComparison.Ordinal));

        var ended = await host.AdvanceAsync("limit", 10, r => (string?)r["state"] != "RUNNING");
        Assert.Equal(("ROLLED_BACK", 2), ((string?)ended["state"], (int)ended["failures"]!));
    }

    [Fact]
    public async Task ASlowedCandidate_FailsTheP99Gate_AndIsRolledBack()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("slow", candidate: "slow");
        await host.QueryAsync("slow", 5);
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("slow", """
            {"candidate": "next", "steps": [{"weight": 50, "hold_s": 60}, {"weight": 100, "hold_s": 0}],
             "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 8},
                       {"metric": "p99_ms", "comparator": "vs_baseline", "max_degradation": 3.0, "min_samples": 8}]}
            """));
        var served = await host.QueryAsync("slow", 40);
        Assert.True(served.GetValueOrDefault("next") >= 8 && served.GetValueOrDefault("current") >= 8, string.Join(",", served));

        var ended = await host.AdvanceAsync("slow", 10, r => (string?)r["state"] != "RUNNING");

        Assert.Equal("ROLLED_BACK", (string?)ended["state"]);
        var decisions = ended["decisions"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var p99 = decisions.Single(d => (string?)d["gate"] == "p99_ms");
        Assert.Equal("fail", (string?)p99["verdict"]);
        Assert.True((double)p99["candidate"]! >= BehaviourProvider.SlowMs * 0.8, p99.ToJsonString());
        Assert.Null(p99["p_value"]);
        Assert.Equal("pass", (string?)decisions.Single(d => (string?)d["gate"] == "error_rate")["verdict"]);
        await host.WaitNotUpdatingAsync("slow");
        var newest = (await host.HistoryAsync("slow"))[0]!;
        Assert.Contains("p99_ms vs_baseline", (string)newest["reason"]!, StringComparison.Ordinal);
        Assert.Equal(100, (int)newest["config"]!["traffic_config"]!["routes"]![0]!["traffic_percentage"]!);
    }

    [Fact]
    public async Task AHealthyCandidate_WalksEveryStep_ToSucceeded()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("healthy");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("healthy", """
            {"candidate": "next", "steps": [{"weight": 20, "hold_s": 20}, {"weight": 50, "hold_s": 20}, {"weight": 100, "hold_s": 0}],
             "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 5},
                       {"metric": "p99_ms", "comparator": "absolute", "max_degradation": 5000, "min_samples": 5}],
             "evaluation_interval_s": 10}
            """));

        await host.QueryAsync("healthy", 100);
        // 10 s into a 20 s hold: the gates pass, and the step holds.
        var held = await host.AdvanceAsync("healthy", 10, r => RolloutHost.Decisions(r) > 1);
        Assert.Equal(1, (int)held["step"]!);
        Assert.All(held["decisions"]!.AsArray().Skip(1), d => Assert.Equal(("pass", "hold"), ((string?)d!["verdict"], (string?)d["action"])));

        var second = await host.AdvanceAsync("healthy", 10, r => (int)r["step"]! == 2);
        Assert.Equal((50.0, "RUNNING"), ((double)second["weight"]!, (string?)second["state"]));
        await host.QueryAsync("healthy", 40);
        await host.AdvanceAsync("healthy", 10, r => RolloutHost.Decisions(r) > RolloutHost.Decisions(second) + 1);
        var done = await host.AdvanceAsync("healthy", 10, r => (string?)r["state"] != "RUNNING");

        Assert.Equal(("SUCCEEDED", 3, 100.0), ((string?)done["state"], (int)done["step"]!, (double)done["weight"]!));
        Assert.Equal("complete", (string?)done["decisions"]!.AsArray()[^1]!["action"]);
        await host.WaitNotUpdatingAsync("healthy");
        var history = await host.HistoryAsync("healthy");
        Assert.Equal(
            ["rollout step 3/3: candidate next 100%", "rollout step 2/3: candidate next 50%", "rollout step 1/3: candidate next 20%", null],
            history.Select(c => (string?)c!["reason"]));
        Assert.All(history.Take(3), c => Assert.Equal("rollout", (string?)c!["author"]));
        var routes = history[0]!["config"]!["traffic_config"]!["routes"]!.AsArray();
        Assert.Equal([("current", 0), ("next", 100)], routes.Select(r => ((string)r!["served_entity_name"]!, (int)r["traffic_percentage"]!)));
        Assert.Equal(80, (int)history[2]!["config"]!["traffic_config"]!["routes"]![0]!["traffic_percentage"]!);
        Assert.Equal(["next"], (await host.QueryAsync("healthy", 10)).Keys);
    }

    [Fact]
    public async Task Abort_RestoresTheBaseline_AndEndsTheRollout()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("aborted");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("aborted", """
            {"candidate": "next", "steps": [{"weight": 30, "hold_s": 300}, {"weight": 100, "hold_s": 0}]}
            """));
        await host.WaitNotUpdatingAsync("aborted");

        var aborted = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/aborted/rollout/abort", "{}"));

        Assert.Equal("ABORTED", (string?)aborted["state"]);
        Assert.Equal("abort", (string?)aborted["decisions"]!.AsArray()[^1]!["action"]);
        await host.WaitNotUpdatingAsync("aborted");
        var history = await host.HistoryAsync("aborted");
        Assert.Equal(3L, (long)history[0]!["config_version"]!);
        Assert.Contains("aborted by", (string)history[0]!["reason"]!, StringComparison.Ordinal);
        Assert.Equal(Without(history[2]!["config"]!, "config_version"), Without(history[0]!["config"]!, "config_version"));
        Assert.Equal(["current"], (await host.QueryAsync("aborted", 10)).Keys);

        // Ended: a second abort has nothing to stop; the clock moving on changes nothing.
        await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/aborted/rollout/abort", "{}"), 409, "RESOURCE_CONFLICT");
        host.Clock.Advance(TimeSpan.FromSeconds(600));
        Assert.Equal(3L, (long)(await host.HistoryAsync("aborted"))[0]!["config_version"]!);
    }

    [Fact]
    public async Task AConfigWrittenByAUserDuringARollout_AbortsIt_AndStays()
    {
        await using var host = await RolloutHost.StartAsync();
        await host.CreateAsync("edited");
        await ApiAssert.OkJsonAsync(await host.StartRolloutAsync("edited", """
            {"candidate": "next", "steps": [{"weight": 30, "hold_s": 300}, {"weight": 100, "hold_s": 0}]}
            """));
        await host.WaitNotUpdatingAsync("edited");
        await ApiAssert.OkJsonAsync(await host.Server.PutJsonAsync("/api/2.0/serving-endpoints/edited/config", $$$"""
            {"served_entities": [{{{RolloutHost.Entity("current", "ok")}}}, {{{RolloutHost.Entity("next", "ok")}}}],
             "traffic_config": {"routes": [{"served_entity_name": "current", "traffic_percentage": 60},
                                           {"served_entity_name": "next", "traffic_percentage": 40}]}}
            """));

        var ended = await host.AdvanceAsync("edited", 1, r => (string?)r["state"] != "RUNNING");

        Assert.Equal("ABORTED", (string?)ended["state"]);
        Assert.Contains("Config version 3 was written outside the rollout", (string)ended["end_reason"]!, StringComparison.Ordinal);
        await host.WaitNotUpdatingAsync("edited");
        var history = await host.HistoryAsync("edited");
        Assert.Equal(3L, (long)history[0]!["config_version"]!);
        Assert.Equal(40, (int)history[0]!["config"]!["traffic_config"]!["routes"]![1]!["traffic_percentage"]!);
    }

    private static string Without(JsonNode config, string field)
    {
        var copy = config.DeepClone().AsObject();
        copy.Remove(field);
        return copy.ToJsonString();
    }
}
