using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>The create form says when the split is not 100 and puts the server's errors by the field they name.</summary>
[Collection(UiCollection.Name)]
public sealed class FormValidationTests(UiFixture ui)
{
    [Fact]
    public async Task SplitNotSummingTo100_SaysSoAndSendsNothing()
    {
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("bad-split");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add served entity" }).ClickAsync();
        await MissionThroughUiTests.FillEntityAsync(page, 0, "current", "catalog.schema.model-A", 90);
        await MissionThroughUiTests.FillEntityAsync(page, 1, "challenger", "catalog.schema.model-B", 20);

        await Expect(page.GetByTestId("split-total")).ToHaveTextAsync("Traffic total: 110%. The traffic split must add up to 100%.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(page.Locator("[data-error-for='traffic_config.routes']")).ToHaveTextAsync("Traffic percentages must add up to 100.");
        await UiFixture.ScreenshotAsync(page, "07-split-not-100");

        var list = await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints");
        Assert.DoesNotContain(list["endpoints"]?.AsArray() ?? [], e => (string?)e!["name"] == "bad-split");
    }

    [Fact]
    public async Task ServerRefusal_IsShownNextToTheFieldItNames()
    {
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("twins");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add served entity" }).ClickAsync();
        await MissionThroughUiTests.FillEntityAsync(page, 0, "same", "catalog.schema.model-A", 50);
        await MissionThroughUiTests.FillEntityAsync(page, 1, "same", "catalog.schema.model-B", 50);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        // The server names served_entities[1].name; the message lands under that input, not elsewhere.
        var nameError = MissionThroughUiTests.Row(page, 1).Locator("[data-error-for='served_entities[1].name']");
        await Expect(nameError).ToContainTextAsync("served_entities[1].name 'same' is used by another served entity");
        await Expect(MissionThroughUiTests.Row(page, 0).Locator("[data-error-for='served_entities[0].name']")).ToBeEmptyAsync();
        await UiFixture.ScreenshotAsync(page, "08-server-field-error");
    }
}
