using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests.Gateway;

/// <summary>The endpoint page's usage view: off until usage tracking is on, then the rows of the queries sent and their totals.</summary>
[Collection(UiCollection.Name)]
public sealed class GatewayUsageUiTests(UiFixture ui)
{
    [Fact]
    public async Task UsageTrackingOff_SaysSo()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "gw-usage-off");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/gw-usage-off");

        var card = page.GetByRole(AriaRole.Region, new() { Name = "Usage" });
        await Expect(card.GetByTestId("usage-off")).ToHaveTextAsync(
            "Usage tracking is off for this endpoint: turn it on in the AI Gateway settings to record one row per request.");
        // Budgets: none set, or (before the budgets route is on this build) the 404 said plainly.
        await Expect(card.GetByTestId("budget-use")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            "^(No budgets are set on this endpoint\\.|Budget use is not available on this server build \\(the route answered 404\\)\\.)$"));
    }

    [Fact]
    public async Task UsageView_ListsTheRowsOfTheQueriesSent()
    {
        await GatewayEndpoints.CreateSplitAsync(ui.Server, "gw-usage");
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync("/api/2.0/serving-endpoints/gw-usage/ai-gateway",
            JsonNode.Parse("""{"usage_tracking_config": {"enabled": true}}""")!));
        string[] sent = ["champion", "champion", "challenger"];
        foreach (var entity in sent)
        {
            await GatewayEndpoints.QueryEntityAsync(ui.Server, "gw-usage", entity);
        }

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/gw-usage");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Usage" });

        // Rows are written within seconds; the view reads them again every 10 s. Newest first.
        var rows = card.GetByTestId("usage-rows").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Expect(rows.Locator("td[data-label='Served entity']")).ToHaveTextAsync(["challenger", "champion", "champion"]);
        await Expect(rows.Locator("td[data-label='Status']")).ToHaveTextAsync(["200", "200", "200"]);
        await Expect(rows.Locator("td[data-label='Requester']")).ToHaveTextAsync(["admin", "admin", "admin"]);
        var totals = card.GetByTestId("usage-totals").Locator("tbody tr");
        await Expect(totals.Filter(new() { HasText = "champion" }).Locator("td[data-label='Requests']")).ToHaveTextAsync("2");
        await Expect(totals.Filter(new() { HasText = "challenger" }).Locator("td[data-label='Requests']")).ToHaveTextAsync("1");
        await card.ScrollIntoViewIfNeededAsync();
        await GatewayEndpoints.ScreenshotBothWidthsAsync(page, "gateway-usage");
    }
}
