using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Switchyard.UiTests.Accessibility.AccessibilityScene;

namespace Switchyard.UiTests.Accessibility;

/// <summary>
/// Every page of the UI, in each state worth seeing, scanned with axe-core at 1280 px and at 390 px:
/// no serious or critical violation anywhere. One line in <see cref="Pages"/> adds a page; a card
/// added to the endpoint page is scanned with it. The scan must not reach past the server under
/// test: every other request is refused and named.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class AccessibilityTests(UiFixture ui, AccessibilityScene scene) : IClassFixture<AccessibilityScene>
{
    /// <summary>Who looks at a page: nobody signed in, the admin, or <see cref="AccessibilityScene.Viewer"/> (CAN_QUERY on the custom endpoint).</summary>
    public enum Who { SignedOut, Admin, Viewer }

    /// <summary>What a page needs: who is signed in, and how to bring the page to the state scanned.</summary>
    public sealed record ScannedPage(Who Who, Func<IPage, Task> Open);

    private static readonly Dictionary<string, ScannedPage> Pages = new()
    {
        ["sign-in"] = new(Who.SignedOut, page => Heading(page, "Sign in to Switchyard")),
        ["sign-in-refused"] = new(Who.SignedOut, SignInRefusedAsync),
        ["endpoint-list"] = new(Who.Admin, EndpointListAsync),
        ["endpoint-custom"] = new(Who.Admin, CustomEndpointAsync),
        ["endpoint-external"] = new(Who.Admin, page => LlmEndpointAsync(page, External, "gpt")),
        ["endpoint-foundation"] = new(Who.Admin, page => LlmEndpointAsync(page, Foundation, "tiny-1")),
        ["endpoint-gateway-error"] = new(Who.Admin, GatewayErrorAsync),
        ["endpoint-as-viewer"] = new(Who.Viewer, page => ReadyEndpointAsync(page, Custom)),
        ["endpoint-missing"] = new(Who.Admin, page => ErrorAsync(page, "#/endpoints/no-such-endpoint")),
        ["no-such-page"] = new(Who.Admin, page => ErrorAsync(page, "#/nowhere")),
        ["create-custom"] = new(Who.Admin, page => CreateFormAsync(page, "custom")),
        ["create-external"] = new(Who.Admin, page => CreateFormAsync(page, "external")),
        ["create-foundation"] = new(Who.Admin, page => CreateFormAsync(page, "foundation")),
        ["create-split-error"] = new(Who.Admin, SplitErrorAsync),
        ["create-server-errors"] = new(Who.Admin, ServerErrorsAsync),
        ["edit-custom"] = new(Who.Admin, page => EditFormAsync(page, Custom)),
        ["edit-external"] = new(Who.Admin, page => EditFormAsync(page, External)),
        ["edit-foundation"] = new(Who.Admin, page => EditFormAsync(page, Foundation)),
        ["edit-denied"] = new(Who.Viewer, page => ErrorAsync(page, $"#/endpoints/{Custom}/edit")),
        ["registry"] = new(Who.Admin, page => GotoAsync(page, "#/registry", "Registered models")),
        ["registry-model"] = new(Who.Admin, page => GotoAsync(page, "#/registry/catalog.schema.model-A", "catalog.schema.model-A")),
    };

    public static TheoryData<string> PageNames => [.. Pages.Keys];

    [Theory]
    [MemberData(nameof(PageNames))]
    public async Task Page_HasNoSeriousOrCriticalViolations_AtBothWidths(string name)
    {
        var scanned = Pages[name];
        var page = scanned.Who switch
        {
            Who.Admin => await ui.SignedInPageAsync(ServerUnderTest.AdminToken, server: scene.Server),
            Who.Viewer => await ui.SignedInPageAsync(scene.ViewerToken, server: scene.Server),
            _ => await ui.NewPageAsync(server: scene.Server),
        };
        var outside = await CloseTheNetworkAsync(page);
        if (scanned.Who == Who.SignedOut)
        {
            await page.GotoAsync("/ui/");
        }

        await scanned.Open(page);
        var wide = await AxeScan.ScanAsync(page, name);
        await UiFixture.ScreenshotAsync(page, $"a11y-{name}-1280");
        await page.SetViewportSizeAsync(390, 900);
        var narrow = await AxeScan.ScanAsync(page, name);
        await UiFixture.ScreenshotAsync(page, $"a11y-{name}-390");
        await page.Context.CloseAsync();

        AxeScan.AssertClean(wide, narrow);
        Assert.Empty(outside);
    }

    /// <summary>
    /// Every state badge says its state in text (and a change of state is announced in words); the traffic
    /// split has a key in words; the charts' series differ by dash as well as colour; a budget's bar
    /// has its figures beside it.
    /// </summary>
    [Fact]
    public async Task Status_IsToldInWords_NotByColourAlone()
    {
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, server: scene.Server);
        await EndpointListAsync(page);
        await AssertBadgesHaveTextAsync(page, 3);

        await ReadyEndpointAsync(page, Custom);
        await AssertBadgesHaveTextAsync(page, 3);
        // A change of state is said in one line through this live region (LivePageUiTests shows it said).
        await Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("role", "status");
        var key = page.GetByTestId("current-config").GetByTestId("split-key").Locator("li");
        await Expect(key).ToHaveTextAsync(["champion 50%", "challenger 50%"]);
        var legend = page.GetByTestId("traffic-legend").Locator("li");
        await Expect(legend).ToHaveTextAsync(["champion", "challenger"]);
        var dashes = await legend.Locator("svg path").EvaluateAllAsync<string?[]>("(paths) => paths.map((p) => p.getAttribute('stroke-dasharray'))");
        Assert.Equal(2, dashes.Distinct().Count());

        await ReadyEndpointAsync(page, External);
        await AssertBadgesHaveTextAsync(page, 2);
        var used = page.GetByTestId("budgets").Locator("td[data-label='Used']");
        await Expect(used).ToHaveTextAsync(new Regex(@"^ ?[\d,.]+ of 50,000 tokens \(\d+%\)$"), new() { Timeout = 30_000 });
        await Expect(used.Locator(".budget-bar")).ToHaveAttributeAsync("aria-hidden", "true");
        await page.Context.CloseAsync();
    }

    private static async Task AssertBadgesHaveTextAsync(IPage page, int atLeast)
    {
        var badges = await page.Locator("main .badge").AllInnerTextsAsync();
        Assert.True(badges.Count >= atLeast, $"Expected at least {atLeast} state badges, found {badges.Count}.");
        Assert.All(badges, text => Assert.Matches(@"\w{2,}", text));
    }

    /// <summary>Refuses (and keeps) every request not for the server under test, so the scan runs as on a closed network.</summary>
    private async Task<List<string>> CloseTheNetworkAsync(IPage page)
    {
        var refused = new List<string>();
        var own = scene.Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        await page.Context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(own, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            lock (refused)
            {
                refused.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        return refused;
    }

    private static Task Heading(IPage page, string text) =>
        Expect(page.GetByRole(AriaRole.Heading, new() { Name = text, Exact = true, Level = 1 })).ToBeVisibleAsync();

    private static async Task GotoAsync(IPage page, string hash, string heading)
    {
        await page.GotoAsync("/ui/" + hash);
        await Heading(page, heading);
    }

    private static async Task SignInRefusedAsync(IPage page)
    {
        await page.GetByLabel("Personal access token").FillAsync("dapi" + new string('0', 48));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Sign-in failed" })).ToBeVisibleAsync();
    }

    private static async Task EndpointListAsync(IPage page)
    {
        await GotoAsync(page, "#/", "Serving endpoints");
        foreach (var endpoint in new[] { Custom, External, Foundation })
        {
            await Expect(page.Locator($"[data-endpoint='{endpoint}']").Locator(".badge")).ToHaveTextAsync("Ready");
        }

        await Expect(page.Locator($"[data-endpoint='{Custom}']").GetByTestId("tags")).ToContainTextAsync("team: risk");
    }

    /// <summary>The custom split: charts, usage rows, tags, grants, one entity's logs open and a query answered.</summary>
    private static async Task CustomEndpointAsync(IPage page)
    {
        await ReadyEndpointAsync(page, Custom);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Traffic" }).Locator("svg[data-chart]")).ToHaveCountAsync(5);
        // The scene's three queries at least (other pages may have queried since); rows are written within seconds.
        await Expect(page.GetByTestId("usage-rows").Locator("tbody tr").Nth(2)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Permissions" })).ToContainTextAsync(Viewer);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Tags" }).GetByTestId("tags")).ToContainTextAsync("team: risk");
        var champion = page.GetByTestId("current-config").Locator("[data-entity='champion']");
        await champion.GetByRole(AriaRole.Button, new() { Name = "Logs", Exact = true }).ClickAsync();
        await Expect(champion.GetByTestId("entity-logs")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Request (JSON)")).ToHaveValueAsync(new Regex("\"x4\""));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(page.GetByTestId("query-meta")).ToContainTextAsync("Answered by served entity");
    }

    private static async Task ReadyEndpointAsync(IPage page, string endpoint)
    {
        await GotoAsync(page, $"#/endpoints/{endpoint}", endpoint);
        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready");
    }

    /// <summary>The gateway form with the server's refusal beside a field (custom models count no tokens); nothing is saved.</summary>
    private static async Task GatewayErrorAsync(IPage page)
    {
        await ReadyEndpointAsync(page, Custom);
        var card = page.GetByRole(AriaRole.Region, new() { Name = "AI Gateway" });
        await card.Locator("[data-rate-limit='0']").GetByLabel("Tokens").FillAsync("100");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save gateway settings" }).ClickAsync();
        await Expect(card.Locator("[data-error-for='ai_gateway.rate_limits[0].tokens']")).ToContainTextAsync("ai_gateway.rate_limits[0].tokens");
        await Expect(card.Locator("[data-rate-limit='0']").GetByLabel("Tokens")).ToHaveAttributeAsync("aria-invalid", "true");
        await card.Locator("[data-rate-limit='0']").ScrollIntoViewIfNeededAsync();
    }

    /// <summary>An LLM endpoint: the chat panel with an answer, and (external) usage and budgets.</summary>
    private static async Task LlmEndpointAsync(IPage page, string endpoint, string entity)
    {
        await ReadyEndpointAsync(page, endpoint);
        await page.GetByLabel("User message").FillAsync("Hi");
        await page.GetByLabel("max_tokens").FillAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(page.GetByTestId("query-meta")).ToContainTextAsync($"Answered by served entity: {entity}", new() { Timeout = 60_000 });
    }

    private static async Task ErrorAsync(IPage page, string hash)
    {
        await page.GotoAsync("/ui/" + hash);
        await Expect(page.Locator("main > p.error[role='alert']")).ToBeVisibleAsync();
    }

    /// <summary>The create form with two rows of <paramref name="kind"/>, the first one filled in.</summary>
    private static async Task CreateFormAsync(IPage page, string kind)
    {
        await GotoAsync(page, "#/endpoints/new", "Create serving endpoint");
        var first = Row(page, 0);
        await first.GetByLabel("Kind of entity").SelectOptionAsync(kind);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add served entity" }).ClickAsync();
        await Expect(Row(page, 1)).ToBeVisibleAsync();
        await first.GetByLabel("Served entity name").FillAsync("first");
        if (kind == "external")
        {
            await first.GetByLabel("Model id at the provider").FillAsync("gpt-4o-mini");
            return;
        }

        var model = kind == "foundation" ? "system.ai.tiny" : "catalog.schema.model-A";
        await first.GetByLabel("Registered model").SelectOptionAsync(model);
        await first.GetByLabel("Version").SelectOptionAsync("1");
        if (kind == "foundation")
        {
            await Expect(page.GetByTestId("throughput-info-0")).ToContainTextAsync("Throughput chunk: 20 tokens/s", new() { Timeout = 60_000 });
        }
    }

    private static async Task SplitErrorAsync(IPage page)
    {
        await CreateFormAsync(page, "custom");
        await Row(page, 0).GetByLabel("Traffic %").FillAsync("90");
        await Row(page, 1).GetByLabel("Traffic %").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(page.Locator("[data-error-for='traffic_config.routes']")).ToHaveTextAsync("Traffic percentages must add up to 100.");
    }

    /// <summary>The server's 400 laid out by field: two served entities with one name.</summary>
    private static async Task ServerErrorsAsync(IPage page)
    {
        await GotoAsync(page, "#/endpoints/new", "Create serving endpoint");
        await page.GetByLabel("Endpoint name").FillAsync("a11y-twins");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add served entity" }).ClickAsync();
        await MissionThroughUiTests.FillEntityAsync(page, 0, "same", "catalog.schema.model-A", 50);
        await MissionThroughUiTests.FillEntityAsync(page, 1, "same", "catalog.schema.model-B", 50);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(Row(page, 1).Locator("[data-error-for='served_entities[1].name']")).ToContainTextAsync("is used by another served entity");
        await Expect(Row(page, 1).GetByLabel("Served entity name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Row(page, 0).GetByLabel("Served entity name")).Not.ToHaveAttributeAsync("aria-invalid", new Regex("."));
    }

    private static async Task EditFormAsync(IPage page, string endpoint)
    {
        await GotoAsync(page, $"#/endpoints/{endpoint}/edit", $"Edit configuration: {endpoint}");
        await Expect(page.GetByTestId("split-total")).ToHaveTextAsync("Traffic total: 100%");
    }

    private static ILocator Row(IPage page, int index) => MissionThroughUiTests.Row(page, index);
}
