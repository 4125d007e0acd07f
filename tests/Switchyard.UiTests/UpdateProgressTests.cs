using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>While an edit rolls out, the form shows its progress and the endpoint page shows the pending config beside the current one.</summary>
[Collection(UiCollection.Name)]
public sealed class UpdateProgressTests(UiFixture ui)
{
    [Fact]
    public async Task EditUnderWay_ShowsProgressAndPendingConfig_UntilItEnds()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "rolling");
        var editor = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        try
        {
            await editor.GotoAsync("/ui/#/endpoints/rolling/edit");
            await Expect(editor.GetByRole(AriaRole.Heading, new() { Name = "Edit configuration: rolling" })).ToBeVisibleAsync();
            await editor.GetByRole(AriaRole.Button, new() { Name = "Add served entity" }).ClickAsync();
            await MissionThroughUiTests.Row(editor, 0).GetByLabel("Traffic %").FillAsync("50");
            await MissionThroughUiTests.FillEntityAsync(editor, 1, "slow", "catalog.schema.held", 50);
            await editor.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();

            // The held model keeps the rollout IN_PROGRESS.
            await Expect(editor.GetByTestId("progress")).ToContainTextAsync("Updating to config_version 2");
            await UiFixture.ScreenshotAsync(editor, "14-edit-in-progress");

            var watcher = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
            await watcher.GotoAsync("/ui/#/endpoints/rolling");
            await Expect(watcher.GetByTestId("current-config")).ToContainTextAsync("config_version 1");
            await Expect(watcher.GetByTestId("pending-config")).ToContainTextAsync("config_version 2");
            await Expect(watcher.GetByTestId("pending-config").Locator("[data-entity='slow']")).ToContainTextAsync("DEPLOYMENT_CREATING");
            await Expect(watcher.GetByTestId("state")).ToContainTextAsync("IN_PROGRESS");
            await UiFixture.ScreenshotAsync(watcher, "15-endpoint-pending-config");

            ui.Held.Open();
            await Expect(editor.GetByTestId("current-config")).ToContainTextAsync("config_version 2", new() { Timeout = 60_000 });
            await Expect(watcher.GetByTestId("pending-config")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
            await Expect(watcher.GetByTestId("current-config")).ToContainTextAsync("config_version 2");
        }
        finally
        {
            ui.Held.Open();
        }
    }
}
