using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>The list at a phone's width, keyboard navigation, search, and the registry pages.</summary>
[Collection(UiCollection.Name)]
public sealed class LayoutAndRegistryTests(UiFixture ui)
{
    [Fact]
    public async Task NarrowWidth_RendersTheListWithoutSideScrolling()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "narrow-one");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, width: 390);

        var row = page.Locator("tr[data-endpoint='narrow-one']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("only (catalog.schema.model-A v1)");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways at 390px");
        await UiFixture.ScreenshotAsync(page, "10-serving-list-390px");

        // The endpoint page and its query panel fit too.
        await page.GetByRole(AriaRole.Link, new() { Name = "narrow-one" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send request" })).ToBeVisibleAsync();
        overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the endpoint page scrolls sideways at 390px");
        await UiFixture.ScreenshotAsync(page, "10b-endpoint-390px");
    }

    [Fact]
    public async Task Search_FiltersByName_AndTheKeyboardReachesTheLinks()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "searched-alpha");
        await ApiEndpoints.CreateAsync(ui.Server, "searched-beta");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);

        await page.GetByLabel("Search by name").FillAsync("beta");
        await Expect(page.Locator("tr[data-endpoint='searched-beta']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-endpoint='searched-alpha']")).ToHaveCountAsync(0);
        await UiFixture.ScreenshotAsync(page, "11-serving-list-search");

        // From the search box, Tab goes to the tag filter, the create link, then to the first endpoint link; Enter opens it.
        await page.GetByLabel("Search by name").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Filter by tag")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "searched-beta" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "searched-beta" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task RegistryPages_ShowModelsVersionsAliasesAndSignatures()
    {
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync("/api/2.1/unity-catalog/models/catalog.schema.model-B/aliases/champion",
            new System.Text.Json.Nodes.JsonObject { ["version_num"] = 1 }));
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);

        await page.GetByRole(AriaRole.Link, new() { Name = "Registry" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registered models" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "catalog.schema.model-B" })).ToContainTextAsync("champion → v1");
        await UiFixture.ScreenshotAsync(page, "12-registry-models");

        await page.GetByRole(AriaRole.Link, new() { Name = "catalog.schema.model-B" }).ClickAsync();
        var version = page.Locator("[data-version='1']");
        await Expect(version).ToContainTextAsync("champion");
        await Expect(version).ToContainTextAsync("x1: double");
        await Expect(version).ToContainTextAsync("x4: double");
        await UiFixture.ScreenshotAsync(page, "13-registry-model");
    }
}
