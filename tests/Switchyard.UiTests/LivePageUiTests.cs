using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// The pages follow changes made elsewhere without a reload: the endpoint page shows a config
/// update made through the API (and keeps what the user typed in its other cards), and says when
/// the endpoint is deleted; the list shows an endpoint created through the API.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class LivePageUiTests(UiFixture ui)
{
    [Fact]
    public async Task EndpointPage_ShowsAnUpdateMadeElsewhere_KeepingWhatTheUserTyped()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "live-one");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/live-one");
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 1");
        var request = page.GetByLabel("Request (JSON)");
        await request.FillAsync("""{"typed": "by hand"}""");
        var tags = page.GetByRole(AriaRole.Region, new() { Name = "Tags" });
        await tags.GetByLabel("Tag key").FillAsync("draft");
        await tags.GetByLabel("Tag key").FocusAsync();

        // Another user changes the config through the API while the page is open.
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync("/api/2.0/serving-endpoints/live-one/config", new JsonObject
        {
            ["served_entities"] = new JsonArray(new JsonObject
            {
                ["name"] = "only",
                ["entity_name"] = "catalog.schema.model-B",
                ["entity_version"] = "1",
                ["workload_size"] = "Medium",
                ["scale_to_zero_enabled"] = true,
            }),
        }));

        var current = page.GetByTestId("current-config");
        await Expect(current).ToContainTextAsync("config_version 2", new() { Timeout = 30_000 });
        await Expect(current).ToContainTextAsync("catalog.schema.model-B");
        await Expect(current).ToContainTextAsync("Medium, scales to zero");
        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("live-status")).ToContainTextAsync("config_version 2");
        // Only the status and config cards were redrawn.
        await Expect(request).ToHaveValueAsync("""{"typed": "by hand"}""");
        await Expect(tags.GetByLabel("Tag key")).ToHaveValueAsync("draft");
        await Expect(tags.GetByLabel("Tag key")).ToBeFocusedAsync();
        await UiFixture.ScreenshotAsync(page, "live-1280");

        await ApiAssert.OkJsonAsync(await ui.Server.Client.DeleteAsync("/api/2.0/serving-endpoints/live-one"));
        await Expect(page.GetByTestId("refresh-error")).ToContainTextAsync("Endpoint live-one no longer exists", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task List_ShowsAnEndpointCreatedElsewhere_WithItsState_KeepingTheFilter()
    {
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, 390);
        await page.GetByLabel("Search by name").FillAsync("live-");
        await Expect(page.Locator("[data-endpoint='live-new']")).ToHaveCountAsync(0);

        await ApiEndpoints.CreateAsync(ui.Server, "live-new");

        var row = page.Locator("[data-endpoint='live-new']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 30_000 });
        await Expect(page.GetByLabel("Search by name")).ToHaveValueAsync("live-");
        await UiFixture.ScreenshotAsync(page, "live-390");
    }
}
