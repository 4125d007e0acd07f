using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>A caller with CAN_VIEW sees the endpoint but no way to edit or query it.</summary>
[Collection(UiCollection.Name)]
public sealed class PermissionsUiTests(UiFixture ui)
{
    [Fact]
    public async Task CanViewUser_SeesTheEndpointWithoutEditOrQuery()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "viewed");
        var (_, token) = await ui.Server.CreateUserWithTokenAsync("viewer@example.com");
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync($"/api/2.0/permissions/serving-endpoints/{(string)endpoint["id"]!}", new JsonObject
        {
            ["access_control_list"] = new JsonArray(new JsonObject { ["user_name"] = "viewer@example.com", ["permission_level"] = "CAN_VIEW" }),
        }));

        var page = await ui.SignedInPageAsync(token);
        await Expect(page.GetByText("Signed in as viewer@example.com")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "viewed", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("permission-level")).ToHaveTextAsync("CAN_VIEW");
        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit configuration" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send request" })).ToHaveCountAsync(0);
        await Expect(page.GetByText("You may not change this endpoint.")).ToBeVisibleAsync();
        await UiFixture.ScreenshotAsync(page, "09-can-view-endpoint");

        // Typing the edit address is refused in the page too.
        await page.GotoAsync("/ui/#/endpoints/viewed/edit");
        await Expect(page.GetByText("You may not change this endpoint (CAN_MANAGE is needed).")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WrongToken_IsRefusedAtSignIn()
    {
        var page = await ui.NewPageAsync();
        await page.GotoAsync("/ui/");
        await page.GetByLabel("Personal access token").FillAsync("dapi" + new string('0', 48));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Sign-in failed" })).ToContainTextAsync("Invalid access token");
        await UiFixture.ScreenshotAsync(page, "00-sign-in-refused");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('switchyard.token')"));
    }
}
