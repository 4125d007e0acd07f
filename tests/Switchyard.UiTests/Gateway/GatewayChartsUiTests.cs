using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests.Gateway;

/// <summary>The endpoint page charts each served entity's traffic: one line per entity on every chart, named in a legend.</summary>
[Collection(UiCollection.Name)]
public sealed class GatewayChartsUiTests(UiFixture ui)
{
    private static readonly string[] Charts = ["requests", "p50", "p99", "errors", "tokens"];

    [Fact]
    public async Task EndpointPage_BeforeAnyQuery_SaysThereIsNoTrafficYet()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "gw-charts-quiet");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/gw-charts-quiet");

        await Expect(page.GetByTestId("traffic-empty")).ToHaveTextAsync("No traffic in the last hour yet: the charts appear after the first query.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Traffic" }).Locator("svg")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task EndpointPage_AfterQueriesToBothEntities_ChartsOneLinePerEntity()
    {
        await GatewayEndpoints.CreateSplitAsync(ui.Server, "gw-charts");
        foreach (var entity in new[] { "champion", "challenger", "champion", "challenger", "champion" })
        {
            await GatewayEndpoints.QueryEntityAsync(ui.Server, "gw-charts", entity);
        }

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/gw-charts");
        var traffic = page.GetByRole(AriaRole.Region, new() { Name = "Traffic" });

        var legend = traffic.GetByTestId("traffic-legend");
        await Expect(legend.Locator("li")).ToHaveTextAsync(["champion", "challenger"]);
        foreach (var chart in Charts)
        {
            var svg = traffic.Locator($"svg[data-chart='{chart}']");
            await Expect(svg).ToHaveAttributeAsync("role", "img");
            await Expect(svg.Locator("path[data-series='champion']")).ToHaveCountAsync(1);
            await Expect(svg.Locator("path[data-series='challenger']")).ToHaveCountAsync(1);
        }

        // Both entities answered queries, so their request lines are drawn (not empty), and the
        // hidden summary table gives each entity's figures in words.
        var requests = traffic.Locator("svg[data-chart='requests']");
        await Expect(requests.Locator("path[data-series='champion']")).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M"));
        await Expect(requests.Locator("path[data-series='challenger']")).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M"));
        var summary = traffic.GetByTestId("chart-requests").Locator("table");
        await Expect(summary.Locator("tbody th")).ToHaveTextAsync(["champion", "challenger"]);
        await Expect(summary).ToContainTextAsync("req/s");
        await Expect(traffic.GetByText("Requests per second (req/s)", new() { Exact = true })).ToBeVisibleAsync();

        await traffic.ScrollIntoViewIfNeededAsync();
        await GatewayEndpoints.ScreenshotBothWidthsAsync(page, "gateway-charts");
    }

    [Fact]
    public async Task Charts_DrawGapsAndMarkers_FromTheRoutesAnswer()
    {
        // The drawing alone, from a fixed answer of the traffic route: a minute with no queries has
        // no latency (null), which breaks the line instead of drawing it to zero.
        await GatewayEndpoints.CreateSplitAsync(ui.Server, "gw-charts-drawn");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 * 60_000;
        JsonObject Point(int minutesAgo, int requests, int errors, double? p99) => new()
        {
            ["time"] = now - (minutesAgo * 60_000L), ["requests"] = requests, ["requests_per_second"] = requests / 60.0, ["errors"] = errors,
            ["error_rate"] = requests == 0 ? null : (double)errors / requests, ["p50_ms"] = p99 / 2, ["p99_ms"] = p99, ["tokens"] = 0, ["tokens_per_second"] = 0,
        };
        JsonArray Points(Func<int, JsonObject> at) => new(Enumerable.Range(0, 60).Select(i => (JsonNode)at(59 - i)).ToArray());
        var answer = new JsonObject
        {
            ["bucket_seconds"] = 60,
            ["config_version"] = 1,
            ["served_entities"] = new JsonArray(
                new JsonObject { ["name"] = "champion", ["points"] = Points(ago => Point(ago, 120, 0, 8 + (ago % 5))) },
                new JsonObject { ["name"] = "challenger", ["points"] = Points(ago => ago is > 20 and < 30 ? Point(ago, 0, 0, null) : Point(ago, 60, 6, 20 + (ago % 7))) }),
        };
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.RouteAsync("**/serving-endpoints/gw-charts-drawn/traffic*", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = answer.ToJsonString() }));
        await page.GotoAsync("/ui/#/endpoints/gw-charts-drawn");
        var traffic = page.GetByRole(AriaRole.Region, new() { Name = "Traffic" });

        await Expect(traffic.GetByTestId("traffic-legend").Locator("li")).ToHaveTextAsync(["champion", "challenger"]);
        var p99 = traffic.Locator("svg[data-chart='p99']");
        // Two runs of the challenger's line (before and after its quiet minutes), one of the champion's.
        Assert.Equal(2, (await p99.Locator("path[data-series='challenger']").GetAttributeAsync("d"))!.Count(c => c == 'M'));
        Assert.Equal(1, (await p99.Locator("path[data-series='champion']").GetAttributeAsync("d"))!.Count(c => c == 'M'));
        // Each entity's line has its own dash, and its minutes their own marker shape.
        Assert.NotEqual(await p99.Locator("path[data-series='champion']").GetAttributeAsync("stroke-dasharray"),
            await p99.Locator("path[data-series='challenger']").GetAttributeAsync("stroke-dasharray"));
        Assert.True(await p99.Locator("g[data-series='champion'] circle").CountAsync() > 0);
        await Expect(p99.Locator("g[data-series='champion'] rect")).ToHaveCountAsync(0);
        Assert.True(await p99.Locator("g[data-series='challenger'] rect").CountAsync() > 0);
        await Expect(p99.Locator("g[data-series='challenger'] circle")).ToHaveCountAsync(0);
        var errors = traffic.GetByTestId("chart-errors").Locator("table tbody tr");
        await Expect(errors.Filter(new() { HasText = "challenger" })).ToContainTextAsync("10%");
        await Expect(traffic.Locator("svg[data-chart='requests']")).ToHaveAttributeAsync("aria-describedby", "requests-summary");
        await traffic.ScrollIntoViewIfNeededAsync();
        await GatewayEndpoints.ScreenshotBothWidthsAsync(page, "gateway-charts-drawn");
    }
}
