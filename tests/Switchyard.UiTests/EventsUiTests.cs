using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.Testing;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// The endpoint page's Events card: the timeline newest first, each with its time, type label and
/// sentence; it follows an update that fails without a reload, passes the accessibility scan with
/// its entries shown, and stops reading once the page is left.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class EventsUiTests(UiFixture ui)
{
    [Fact]
    public async Task EventsCard_ShowsConfigVersionCreated_AndFollowsAnUpdateFailureWithItsReason()
    {
        await RegisterBrokenAsync("catalog.schema.events-broken");
        await ApiEndpoints.CreateAsync(ui.Server, "events-ui");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/events-ui");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Events" });
        var list = card.GetByRole(AriaRole.List, new() { Name = "Events, newest first" });
        var created = list.Locator("li[data-type='CONFIG_VERSION_CREATED']");
        await Expect(created).ToHaveCountAsync(1);
        await Expect(created.Locator(".badge")).ToHaveTextAsync("Config version created");
        await Expect(created).ToContainTextAsync("Config version 1 created by admin: served entity only (catalog.schema.model-A version 1)");
        await Expect(created).ToContainTextAsync("config version 1 · by admin");
        await Expect(created.Locator("time")).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\dT"));

        // An update that fails while the page is open: the card shows it, newest first, without a reload.
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync("/api/2.0/serving-endpoints/events-ui/config", JsonNode.Parse("""
            {"served_entities": [{"name": "next", "entity_name": "catalog.schema.events-broken", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": true}]}
            """)!));
        var failed = list.Locator("li").First;
        await Expect(failed).ToHaveAttributeAsync("data-type", "UPDATE_FAILED", new() { Timeout = 30_000 });
        var reason = (string)(await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/events-ui"))["state"]!["config_update_message"]!;
        Assert.Contains("catalog.schema.events-broken", reason, StringComparison.Ordinal);
        await Expect(failed.Locator(".badge")).ToHaveTextAsync("Update failed");
        await Expect(failed.Locator(".event-message")).ToHaveTextAsync("config_update IN_PROGRESS → UPDATE_FAILED: config version 2 was not deployed. " + reason);
        await Expect(failed).ToContainTextAsync("config version 2 · served entity next");
        await Expect(card.GetByTestId("events-news")).ToContainTextAsync("Update failed");
        await Expect(list.Locator("li[data-type='CONFIG_VERSION_CREATED']")).ToHaveCountAsync(2);
        await UiFixture.ScreenshotAsync(page, "events-1280");
        await AxeScan.AssertCleanAsync(page, "endpoint-events");

        var narrow = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, 390);
        await narrow.GotoAsync("/ui/#/endpoints/events-ui");
        await Expect(narrow.GetByRole(AriaRole.Region, new() { Name = "Events" }).Locator("li").First).ToHaveAttributeAsync("data-type", "UPDATE_FAILED");
        await UiFixture.ScreenshotAsync(narrow, "events-390");
        await AxeScan.AssertCleanAsync(narrow, "endpoint-events");

        // Once the user leaves the page, the card stops reading the timeline.
        var reads = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/events?", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref reads);
            }
        };
        await page.GotoAsync("/ui/#/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Serving endpoints" })).ToBeVisibleAsync();
        await Task.Delay(2500);
        var afterLeaving = Volatile.Read(ref reads);
        await Task.Delay(4500);
        Assert.Equal(afterLeaving, Volatile.Read(ref reads));
        Assert.True(afterLeaving <= 1, $"{afterLeaving} reads after leaving the page");
    }

    /// <summary>Registers a valid MLflow folder whose ONNX file is garbage: it registers, and loading it fails.</summary>
    private async Task RegisterBrokenAsync(string fullName)
    {
        var folder = Path.Combine(ui.Server.DataDir, "test-sources", "events-broken");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleModel("model-a")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "model.onnx"), "this is not an ONNX model");
        await ui.Server.RegisterModelVersionAsync(fullName, folder);
    }
}
