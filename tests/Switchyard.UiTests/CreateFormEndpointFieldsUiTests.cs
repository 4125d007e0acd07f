using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>The create form takes the endpoint's own fields beside its config: a description and tags (a value is optional).</summary>
[Collection(UiCollection.Name)]
public sealed class CreateFormEndpointFieldsUiTests(UiFixture ui)
{
    [Fact]
    public async Task DescriptionAndTags_GivenAtCreate_AreStoredAndShown()
    {
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("described");
        await page.GetByLabel("Description (optional)").FillAsync("Fraud scores for the risk team");
        await MissionThroughUiTests.FillEntityAsync(page, 0, "only", "catalog.schema.model-A", 100);
        var tags = page.GetByRole(AriaRole.Group, new() { Name = "Tags" });
        await tags.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await tags.GetByLabel("Tag 1 key").FillAsync("team");
        await tags.GetByLabel("Tag 1 value (optional)").FillAsync("risk");
        await tags.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await tags.GetByLabel("Tag 2 key").FillAsync("team");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(tags.Locator("[data-pair='1']")).ToContainTextAsync("team is given twice");

        await tags.GetByLabel("Tag 2 key").FillAsync("canary");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "described", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("Fraud scores for the risk team");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Tags" }).GetByTestId("tags")).ToContainTextAsync("team: risk");
        var endpoint = await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/described");
        Assert.Equal("Fraud scores for the risk team", (string?)endpoint["description"]);
        var stored = endpoint["tags"]!.AsArray().Select(t => t!.ToJsonString()).Order(StringComparer.Ordinal);
        Assert.Equal(["""{"key":"canary"}""", """{"key":"team","value":"risk"}"""], stored);
    }
}
