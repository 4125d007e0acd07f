using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// The endpoint page's Experiment, Rollout and Shadow cards against the real routes of issue 16
/// (experiment-report, feedback, rollout and its abort, shadow entities and shadow-report). Those
/// routes are built beside the UI, so this class runs once they are merged;
/// <see cref="ExperimentCardsRenderingUiTests"/> checks the drawing alone on any branch.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class ExperimentPanelsUiTests(UiFixture ui)
{
    private const string Row = """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[1, 2, 3, 4]]}}""";

    [Fact]
    public async Task ExperimentCard_ShowsEachArm_AndTheFeedbackMetric()
    {
        await CreateAsync("panels-ab",
            [Entity("only", "catalog.schema.model-A"), Entity("challenger", "catalog.schema.model-B")],
            [Route("only", 50), Route("challenger", 50)]);
        for (var i = 0; i < 40; i++)
        {
            var requestId = await QueryAsync("panels-ab");
            await ApiAssert.OkJsonAsync(await ui.Server.PostJsonAsync("/serving-endpoints/panels-ab/feedback", new JsonObject
            {
                ["request_id"] = requestId, ["metric"] = "clicked", ["value"] = i % 2,
            }));
        }

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/panels-ab");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Experiment" });
        var arms = card.GetByTestId("arms").First;
        // The card reads the report again every 5 s, so figures still being captured arrive without a reload.
        await Expect(arms.Locator("tr[data-arm='only']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(arms.Locator("tr[data-arm='challenger']")).ToBeVisibleAsync();
        await Expect(arms.Locator("tr[data-arm='only'] td[data-label='Served entity']")).ToHaveTextAsync("only (control)");
        await Expect(card.GetByTestId("metrics").First.Locator("tr[data-metric='clicked']")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await AxeScan.AssertCleanAsync(page, "endpoint-experiment-live");
    }

    [Fact]
    public async Task RolloutCard_ShowsTheRunningRollout_AndAbortRestoresTheBaseline()
    {
        await CreateAsync("panels-rollout",
            [Entity("only", "catalog.schema.model-A"), Entity("challenger", "catalog.schema.model-B")],
            [Route("only", 100), Route("challenger", 0)]);
        await ApiAssert.OkJsonAsync(await ui.Server.PostJsonAsync("/api/2.0/serving-endpoints/panels-rollout/rollout", JsonNode.Parse("""
            {"candidate": "challenger", "steps": [{"weight": 10, "hold_s": 3600}, {"weight": 100, "hold_s": 0}],
             "gates": [{"metric": "error_rate", "comparator": "vs_baseline", "max_degradation": 0.02, "min_samples": 100}],
             "failure_limit": 1, "on_inconclusive": "pause"}
            """)!));

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/panels-rollout");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Rollout" });
        await Expect(card.GetByTestId("rollout-state")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
        await Expect(card).ToContainTextAsync("10% for 3,600 s → 100% for 0 s");
        await AxeScan.AssertCleanAsync(page, "endpoint-rollout-live");

        await card.GetByRole(AriaRole.Button, new() { Name = "Abort rollout" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Confirm abort" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToContainTextAsync("Rollout aborted");
        await Expect(card.GetByTestId("rollout-state")).ToHaveTextAsync("Aborted", new() { Timeout = 30_000 });
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Abort rollout" })).ToHaveCountAsync(0);
        Assert.Equal("ABORTED", (string?)(await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/panels-rollout/rollout"))["state"]);
    }

    [Fact]
    public async Task ShadowCard_CountsTheCopiesSent_AndShowsTheComparison()
    {
        var shadow = Entity("b-shadow", "catalog.schema.model-B");
        shadow["role"] = "shadow";
        shadow["shadow_sample_percentage"] = 100;
        await CreateAsync("panels-shadow", [Entity("only", "catalog.schema.model-A"), shadow], [Route("only", 100)]);
        for (var i = 0; i < 20; i++)
        {
            await QueryAsync("panels-shadow");
        }

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/panels-shadow");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Shadow" });
        var entry = card.Locator("[data-shadow='b-shadow']");
        await Expect(entry.GetByTestId("shadow-counts")).ToHaveTextAsync(new Regex(@"^Samples 100% of queries: [1-9][\d,]* sent, \d[\d,]* dropped\.$"), new() { Timeout = 30_000 });
        await Expect(entry.Locator("tr[data-measure='Pairs compared'] td[data-label='Candidate vs baseline']")).ToHaveTextAsync(new Regex(@"^[1-9]"), new() { Timeout = 30_000 });
        await AxeScan.AssertCleanAsync(page, "endpoint-shadow-live");
    }

    /// <summary>Creates the endpoint with usage tracking and its inference table on (the reports read captured traffic) and waits until it is ready.</summary>
    private async Task CreateAsync(string name, JsonObject[] entities, JsonObject[] routes)
    {
        await ApiAssert.OkJsonAsync(await ui.Server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = name,
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray([.. entities]),
                ["traffic_config"] = new JsonObject { ["routes"] = new JsonArray([.. routes]) },
            },
            ["ai_gateway"] = new JsonObject
            {
                ["usage_tracking_config"] = new JsonObject { ["enabled"] = true },
                ["inference_table_config"] = new JsonObject
                {
                    ["enabled"] = true, ["catalog_name"] = "main", ["schema_name"] = "logs",
                },
            },
        }));
        await ui.Server.WaitUntilReadyAsync(name);
    }

    /// <summary>One query; answers its x-request-id.</summary>
    private async Task<string> QueryAsync(string name)
    {
        using var response = await ui.Server.PostJsonAsync($"/serving-endpoints/{name}/invocations", Row);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("x-request-id").Single();
    }

    private static JsonObject Entity(string name, string model) => new()
    {
        ["name"] = name,
        ["entity_name"] = model,
        ["entity_version"] = "1",
        ["workload_size"] = "Small",
        ["scale_to_zero_enabled"] = true,
    };

    private static JsonObject Route(string name, int percentage) => new() { ["served_entity_name"] = name, ["traffic_percentage"] = percentage };
}
