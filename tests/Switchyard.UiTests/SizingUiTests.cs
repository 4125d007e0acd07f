using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// A custom model sized by provisioned concurrency instead of a workload size is shown so and
/// edited so: "Edit configuration" keeps the sizing it was saved with rather than turning it into a
/// workload size.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class SizingUiTests(UiFixture ui)
{
    [Fact]
    public async Task ProvisionedConcurrency_IsShownAndKeptByEditConfiguration()
    {
        await ApiAssert.OkJsonAsync(await ui.Server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = "concurrency-sized",
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "only", ["entity_name"] = "catalog.schema.model-A", ["entity_version"] = "1",
                    ["min_provisioned_concurrency"] = 0, ["max_provisioned_concurrency"] = 4, ["scale_to_zero_enabled"] = true,
                }),
            },
        }));
        await ui.Server.WaitUntilReadyAsync("concurrency-sized");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);

        await page.GotoAsync("/ui/#/endpoints/concurrency-sized");
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("0–4 concurrent requests, scales to zero");

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit configuration" }).ClickAsync();
        var row = page.Locator("[data-row='0']");
        await Expect(row.GetByLabel("Sized by")).ToHaveValueAsync("concurrency");
        await Expect(row.GetByLabel("Workload size")).ToBeHiddenAsync();
        await row.GetByLabel("Max concurrency").FillAsync("8");
        await UiFixture.ScreenshotAsync(page, "32-edit-provisioned-concurrency");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 2", new() { Timeout = 60_000 });

        var entity = (await ui.Server.WaitUntilReadyAsync("concurrency-sized"))["config"]!["served_entities"]![0]!;
        Assert.Equal(8, (int)entity["max_provisioned_concurrency"]!);
        Assert.Null(entity["workload_size"]);
    }
}
