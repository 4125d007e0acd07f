using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>The mission's 90/10 endpoint created, edited to 50/50 and queried through the UI, then checked with the API.</summary>
[Collection(UiCollection.Name)]
public sealed class MissionThroughUiTests(UiFixture ui)
{
    [Fact]
    public async Task CreateEditAndQuery_MultiModel_EndsAt5050AndConfigVersion2()
    {
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await UiFixture.ScreenshotAsync(page, "01-serving-list-empty");

        // Create the 90/10 endpoint with the form.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("multi-model");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add served entity" }).ClickAsync();
        await FillEntityAsync(page, 0, "current", "catalog.schema.model-A", 90);
        await FillEntityAsync(page, 1, "challenger", "catalog.schema.model-B", 10);
        await Expect(page.GetByTestId("split-total")).ToHaveTextAsync("Traffic total: 100%");
        await UiFixture.ScreenshotAsync(page, "02-create-endpoint");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        // The endpoint page follows the deployment until it is READY.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "multi-model", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 1");
        await Expect(page.GetByTestId("split-bar").First).ToHaveAttributeAsync("aria-label", "Traffic split: current 90%, challenger 10%");
        await UiFixture.ScreenshotAsync(page, "03-endpoint-ready");

        // Edit to 50/50 and follow the update to its end.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit configuration" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit configuration: multi-model" })).ToBeVisibleAsync();
        await Row(page, 0).GetByLabel("Traffic %").FillAsync("50");
        await Row(page, 1).GetByLabel("Traffic %").FillAsync("50");
        await UiFixture.ScreenshotAsync(page, "04-edit-configuration");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();
        await UiFixture.ScreenshotAsync(page, "05-edit-progress");
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 2", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("current-config").GetByTestId("split-bar")).ToHaveAttributeAsync("aria-label", "Traffic split: current 50%, challenger 50%");

        // Query from the panel: the editor is prefilled from model-A's signature.
        var request = page.GetByLabel("Request (JSON)");
        await Expect(request).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"x4\""));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(page.GetByTestId("query-meta")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Answered by served entity: (current|challenger) · latency \\d+ ms"));
        await Expect(page.GetByTestId("query-answer")).ToContainTextAsync("predictions");

        // And to one served model: model-A answers 30.5 for the row 1, 2, 3, 4.
        await page.GetByLabel("Send to").SelectOptionAsync("current");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(page.GetByTestId("query-meta")).ToContainTextAsync("Answered by served entity: current");
        await Expect(page.GetByTestId("query-answer")).ToContainTextAsync("30.5");
        await UiFixture.ScreenshotAsync(page, "06-query-panel");

        // What the API now says.
        var endpoint = await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/multi-model");
        Assert.Equal(2, (int)endpoint["config"]!["config_version"]!);
        var routes = endpoint["config"]!["traffic_config"]!["routes"]!.AsArray();
        Assert.Equal(["current:50", "challenger:50"], routes.Select(r => $"{(string?)r!["served_model_name"]}:{(int)r["traffic_percentage"]!}"));
        var entities = endpoint["config"]!["served_entities"]!.AsArray();
        Assert.All(entities, e =>
        {
            Assert.Equal("Small", (string?)e!["workload_size"]);
            Assert.True((bool)e["scale_to_zero_enabled"]!);
        });
        Assert.Equal(["catalog.schema.model-A", "catalog.schema.model-B"], entities.Select(e => (string?)e!["entity_name"]));
    }

    internal static ILocator Row(IPage page, int index) => page.Locator($"[data-row='{index}']");

    internal static async Task FillEntityAsync(IPage page, int index, string name, string model, int percent)
    {
        var row = Row(page, index);
        await row.GetByLabel("Served entity name").FillAsync(name);
        await row.GetByLabel("Registered model").SelectOptionAsync(model);
        await row.GetByLabel("Version").SelectOptionAsync("1");
        await row.GetByLabel("Workload size").SelectOptionAsync("Small");
        await row.GetByLabel("Scale to zero").CheckAsync();
        await row.GetByLabel("Traffic %").FillAsync(percent.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
