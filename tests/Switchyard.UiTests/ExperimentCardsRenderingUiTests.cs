using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// How the endpoint page draws the Experiment, Rollout and Shadow cards from their routes' answers
/// (the shapes of the issue 16 contract). The answers are served to the page by the test, so this
/// checks the rendering alone, on any branch: figures, the SRM banner, decisions newest first, the
/// Abort confirmation, the noise floor column; and that a 404 keeps a card hidden without a word.
/// <see cref="ExperimentPanelsUiTests"/> checks the cards against the real routes.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class ExperimentCardsRenderingUiTests(UiFixture ui)
{
    private const string ExperimentReport = """
        {"endpoint_name": "cards-ui", "config_version": 3, "control": "only",
         "arms": [
           {"served_entity_name": "only", "requests": 1200, "units": 400, "expected_share": 0.5, "observed_share": 0.6,
            "error_rate": 0.01, "latency_ms": {"p50": 1.5, "p95": 3.25, "p99": 4.5}, "tokens": {"input": 0, "output": 0},
            "metrics": [{"metric": "clicked", "count": 300, "mean": 0.25, "ci": [0.2, 0.3], "delta": null, "delta_ci": null, "p_value": null, "msprt_p_value": null}]},
           {"served_entity_name": "challenger", "requests": 800, "units": 300, "expected_share": 0.5, "observed_share": 0.4,
            "error_rate": 0.02, "latency_ms": {"p50": 2, "p95": 4, "p99": 6}, "tokens": null,
            "metrics": [{"metric": "clicked", "count": 200, "mean": 0.3, "ci": [0.24, 0.36], "delta": 0.05, "delta_ci": [-0.01, 0.11], "test": "welch", "p_value": 0.0812, "msprt_p_value": 0.0004}]}],
         "srm_p_value": 0.00001, "srm_alert": true,
         "segments": [
           {"config_version": 3, "control": "only", "arms": [], "srm_p_value": 0.00001, "srm_alert": true},
           {"config_version": 2, "control": "only", "arms": [{"served_entity_name": "only", "requests": 50, "units": 20, "expected_share": 1, "observed_share": 1,
             "error_rate": 0, "latency_ms": {"p50": 1, "p95": 1, "p99": 1}, "tokens": null, "metrics": []}], "srm_p_value": 1, "srm_alert": false}]}
        """;

    private const string Rollout = """
        {"state": "RUNNING", "candidate": "challenger", "baseline_config_version": 2, "step": 1, "weight": 25,
         "steps": [{"weight": 5, "hold_s": 60}, {"weight": 25, "hold_s": 300}, {"weight": 100, "hold_s": 0}],
         "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 100}],
         "failure_limit": 1, "failures": 0, "on_inconclusive": "pause", "started_by": "admin", "started_ms": 1767225000000,
         "decisions": [
           {"time_ms": 1767225060000, "step": 0, "weight": 5, "gate": "error_rate", "baseline": 0.01, "candidate": 0.011, "samples": 140, "p_value": 0.62, "verdict": "pass", "action": "advance"},
           {"time_ms": 1767225120000, "step": 1, "weight": 25, "gate": "error_rate", "baseline": 0.01, "candidate": 0.012, "samples": 60, "p_value": null, "verdict": "inconclusive", "action": "hold", "message": "60 samples, 100 needed"}]}
        """;

    private const string Comparison = """
        {"pairs": 1000, "exact_match_rate": 0.97, "numeric": {"values": 4000, "abs_delta_p50": 0.0, "abs_delta_p99": 0.0015},
         "label_flip_rate": 0.01, "text_similarity": null,
         "latency_ms": {"baseline_p50": 1.2, "baseline_p99": 3.4, "candidate_p50": 1.3, "candidate_p99": 3.9, "delta_mean": 0.1, "delta_ci": [0.05, 0.15]},
         "error_rate": {"baseline": 0.0, "candidate": 0.01, "delta": 0.01, "delta_ci": [0.004, 0.016]}}
        """;

    private static readonly string ShadowReport = $$"""
        {"shadows": [{"served_entity_name": "b-shadow", "sample_percentage": 10, "sent": 120, "dropped": 3,
          "comparison": {{Comparison}}, "noise_floor": {{Comparison.Replace("\"exact_match_rate\": 0.97", "\"exact_match_rate\": 0.99", StringComparison.Ordinal)}} }]}
        """;

    [Fact]
    public async Task Cards_DrawTheReports_WithTheSrmBanner_DecisionsNewestFirst_AndTheNoiseFloor()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "cards-ui");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        var aborts = await ServeReportsAsync(page, "cards-ui");
        await page.GotoAsync("/ui/#/endpoints/cards-ui");

        var experiment = page.GetByRole(AriaRole.Region, new() { Name = "Experiment" });
        await Expect(experiment.GetByTestId("experiment-version")).ToHaveTextAsync("Config version 3; control: only.");
        await Expect(experiment.GetByTestId("srm-alert")).ToContainTextAsync("Sample ratio mismatch. The arms' observed shares differ from the split more than chance allows (SRM p = < 0.001).");
        var arms = experiment.GetByTestId("arms").First;
        var control = arms.Locator("tr[data-arm='only']");
        await Expect(control.Locator("td[data-label='Served entity']")).ToHaveTextAsync("only (control)");
        await Expect(control.Locator("td[data-label='Requests']")).ToHaveTextAsync("1,200");
        await Expect(control.Locator("td[data-label='Share (observed / expected)']")).ToHaveTextAsync("60% / 50%");
        await Expect(control.Locator("td[data-label='Latency p99']")).ToHaveTextAsync("4.5 ms");
        var challenger = arms.Locator("tr[data-arm='challenger']");
        await Expect(challenger.Locator("td[data-label='Error rate']")).ToHaveTextAsync("2%");
        await Expect(challenger.Locator("td[data-label='Tokens (input / output)']")).ToHaveTextAsync("—");
        var metric = experiment.GetByTestId("metrics").First.Locator("tr[data-arm='challenger'][data-metric='clicked']");
        await Expect(metric.Locator("td[data-label='Mean [95% CI]']")).ToHaveTextAsync("0.3 [0.24, 0.36]");
        await Expect(metric.Locator("td[data-label='Δ vs control [95% CI]']")).ToHaveTextAsync("+0.05 [-0.01, 0.11]");
        await Expect(metric.Locator("td[data-label='p-value']")).ToHaveTextAsync("0.0812 (Welch)");
        await Expect(metric.Locator("td[data-label='mSPRT p-value']")).ToHaveTextAsync("< 0.001");
        await Expect(experiment.GetByTestId("metrics").First.Locator("tr[data-arm='only'] td[data-label='Δ vs control [95% CI]']")).ToHaveTextAsync("control");
        // Earlier config versions are folded away, the current one is not repeated among them.
        await Expect(experiment.Locator("details.segment")).ToHaveCountAsync(1);
        await Expect(experiment.Locator("details.segment summary")).ToHaveTextAsync("Config version 2 (control only)");
        // The charts: each arm's share against the split, each metric's Δ with its interval (their numbers are the tables').
        await Expect(experiment.GetByTestId("share-chart").First.Locator("svg")).ToHaveAttributeAsync(
            "aria-label", "only 60% of units (expected 50%); challenger 40% of units (expected 50%)");
        await Expect(experiment.GetByTestId("share-chart").First.Locator("rect")).ToHaveCountAsync(2);
        var delta = experiment.GetByTestId("delta-chart").First;
        await Expect(delta).ToHaveAttributeAsync("data-metric", "clicked");
        await Expect(delta.Locator("svg")).ToHaveAttributeAsync("aria-label", "clicked. challenger: Δ 0.05 (95% CI -0.01 to 0.11)");
        await Expect(delta.Locator("circle")).ToHaveCountAsync(1);

        var rollout = page.GetByRole(AriaRole.Region, new() { Name = "Rollout" });
        await Expect(rollout.GetByTestId("rollout-state")).ToHaveTextAsync("Running");
        await Expect(rollout.GetByTestId("rollout-position")).ToHaveTextAsync("step 1 of 3, candidate at 25%");
        await Expect(rollout).ToContainTextAsync("5% for 60 s → 25% for 300 s → 100% for 0 s");
        await Expect(rollout).ToContainTextAsync("error_rate, vs baseline, max degradation 0.02, at least 100 samples");
        var decisions = rollout.GetByTestId("decisions").Locator("tbody tr");
        await Expect(decisions).ToHaveCountAsync(2);
        await Expect(decisions.Nth(0)).ToHaveAttributeAsync("data-action", "hold");
        await Expect(decisions.Nth(0).Locator("td[data-label='Verdict']")).ToHaveTextAsync("inconclusive");
        await Expect(decisions.Nth(0).Locator("td[data-label='p-value']")).ToHaveTextAsync("—");
        await Expect(decisions.Nth(0).Locator("td[data-label='Why']")).ToHaveTextAsync("60 samples, 100 needed");
        await Expect(decisions.Nth(1).Locator("td[data-label='Action']")).ToHaveTextAsync("advance");
        await Expect(decisions.Nth(1).Locator("td[data-label='Why']")).ToHaveTextAsync("—");
        await Expect(rollout).ToContainTextAsync("0 of 1 allowed; inconclusive: pause");
        await Expect(rollout.GetByRole(AriaRole.Button, new() { Name = "Resume rollout" })).ToHaveCountAsync(0);

        var shadow = page.GetByRole(AriaRole.Region, new() { Name = "Shadow" });
        var entry = shadow.Locator("[data-shadow='b-shadow']");
        await Expect(entry.GetByTestId("shadow-counts")).ToHaveTextAsync("Samples 10% of queries: 120 sent, 3 dropped.");
        var exact = entry.Locator("tr[data-measure='Exact match rate']");
        await Expect(exact.Locator("td[data-label='Candidate vs baseline']")).ToHaveTextAsync("97%");
        await Expect(exact.Locator("td[data-label='Noise floor']")).ToHaveTextAsync("99%");
        await Expect(entry.Locator("tr[data-measure='Text similarity mean'] td[data-label='Candidate vs baseline']")).ToHaveTextAsync("—");
        await Expect(entry.Locator("tr[data-measure='Latency Δ mean [95% CI]'] td[data-label='Candidate vs baseline']")).ToHaveTextAsync("+0.1 ms [0.05 ms, 0.15 ms]");
        await Expect(entry.Locator("tr[data-measure='Error rate Δ [95% CI]'] td[data-label='Candidate vs baseline']")).ToHaveTextAsync("+1% [0.4%, 1.6%]");

        await UiFixture.ScreenshotAsync(page, "experiment-cards-1280");
        await AxeScan.AssertCleanAsync(page, "endpoint-experiment-cards");

        // Abort asks first, saying what it restores, and then posts to …/rollout/abort.
        await rollout.GetByRole(AriaRole.Button, new() { Name = "Abort rollout" }).ClickAsync();
        await Expect(rollout).ToContainTextAsync("Abort the rollout of challenger? The endpoint goes back to its baseline, config version 2.");
        await Expect(rollout.GetByRole(AriaRole.Button, new() { Name = "Confirm abort" })).ToBeFocusedAsync();
        await rollout.GetByRole(AriaRole.Button, new() { Name = "Confirm abort" }).ClickAsync();
        await Expect(rollout.GetByRole(AriaRole.Status)).ToHaveTextAsync("Rollout aborted: config version 2 is being restored.");
        Assert.Equal("POST", Assert.Single(aborts));

        var narrow = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, 390);
        await ServeReportsAsync(narrow, "cards-ui");
        await narrow.GotoAsync("/ui/#/endpoints/cards-ui");
        await Expect(narrow.GetByRole(AriaRole.Region, new() { Name = "Shadow" }).GetByTestId("shadow-counts")).ToBeVisibleAsync();
        await UiFixture.ScreenshotAsync(narrow, "experiment-cards-390");
        await AxeScan.AssertCleanAsync(narrow, "endpoint-experiment-cards");
    }

    [Fact]
    public async Task Cards_WhoseRoutesAnswer404_StayHidden_AndAViewerGetsNoAbort()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "cards-none");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        foreach (var report in new[] { "experiment-report", "rollout", "shadow-report" })
        {
            await page.RouteAsync($"**/serving-endpoints/cards-none/{report}", route => route.FulfillAsync(new()
            {
                Status = 404, ContentType = "application/json", Body = """{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "none"}""",
            }));
        }

        await page.GotoAsync("/ui/#/endpoints/cards-none");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Config history" })).ToBeVisibleAsync();
        foreach (var testId in new[] { "experiment-report", "rollout", "shadow-report" })
        {
            await Expect(page.GetByTestId(testId)).ToBeHiddenAsync();
        }

        var endpoint = await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/cards-none");
        var (_, token) = await ui.Server.CreateUserWithTokenAsync("cards-viewer@example.com");
        await ApiAssert.OkJsonAsync(await ui.Server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{(string)endpoint["id"]!}",
            """{"access_control_list": [{"user_name": "cards-viewer@example.com", "permission_level": "CAN_VIEW"}]}"""));
        var viewer = await ui.SignedInPageAsync(token);
        await ServeReportsAsync(viewer, "cards-none");
        await viewer.GotoAsync("/ui/#/endpoints/cards-none");
        var rollout = viewer.GetByRole(AriaRole.Region, new() { Name = "Rollout" });
        await Expect(rollout.GetByTestId("rollout-state")).ToHaveTextAsync("Running");
        await Expect(rollout).ToContainTextAsync("Aborting needs CAN_MANAGE on this endpoint.");
        await Expect(rollout.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }

    /// <summary>Serves the three reports to <paramref name="page"/>; answers the abort requests it receives.</summary>
    private static async Task<List<string>> ServeReportsAsync(IPage page, string name)
    {
        var aborts = new List<string>();
        await page.RouteAsync($"**/serving-endpoints/{name}/experiment-report", route => Json(route, ExperimentReport));
        await page.RouteAsync($"**/serving-endpoints/{name}/rollout", route => Json(route, Rollout));
        await page.RouteAsync($"**/serving-endpoints/{name}/shadow-report", route => Json(route, ShadowReport));
        await page.RouteAsync($"**/serving-endpoints/{name}/rollout/abort", route =>
        {
            lock (aborts)
            {
                aborts.Add(route.Request.Method);
            }

            return Json(route, Rollout.Replace("\"RUNNING\"", "\"ABORTED\"", StringComparison.Ordinal));
        });
        return aborts;
    }

    private static Task Json(IRoute route, string body) =>
        route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = body });
}
