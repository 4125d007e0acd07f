using Microsoft.Playwright;
using Switchyard.Testing;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests.Permissions;

/// <summary>
/// The registry page's grants card: the owner grants EXECUTE on a model and revokes it (the
/// grantee can then read it, then not), a grant to no one shows the API's message and changes
/// nothing, and a grantee who is not the owner reads the grants without controls.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class ModelGrantsUiTests(UiFixture ui)
{
    private static string GrantsPath(string model) => $"/api/2.1/unity-catalog/permissions/function/{model}";

    private static async Task<int> ReadModelStatusAsync(ServerUnderTest server, string token, string model)
    {
        using var client = server.ClientFor(token);
        using var response = await client.GetAsync($"/api/2.1/unity-catalog/models/{model}");
        return (int)response.StatusCode;
    }

    private static ILocator Card(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Grants" });

    [Fact]
    public async Task Owner_GrantsAndRevokesExecute_AndTheGranteeGainsThenLosesTheModel()
    {
        const string model = "catalog.schema.granted-model";
        await ui.Server.RegisterModelVersionAsync(model, RepoPaths.SampleModel("model-a"));
        var (_, token) = await ui.Server.CreateUserWithTokenAsync("model-reader@example.com");
        Assert.Equal(403, await ReadModelStatusAsync(ui.Server, token, model));

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync($"/ui/#/registry/{model}");
        var card = Card(page);
        await Expect(card.GetByTestId("model-grants-table")).ToContainTextAsync("No grants");
        await card.GetByLabel("Principal", new() { Exact = true }).FillAsync("model-reader@example.com");
        await card.GetByRole(AriaRole.Combobox, new() { Name = "Privilege" }).SelectOptionAsync("EXECUTE");
        await card.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();

        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Granted EXECUTE to model-reader@example.com.");
        var row = card.Locator("tr[data-principal='model-reader@example.com']");
        await Expect(row.Locator("td[data-label='Privileges']")).ToHaveTextAsync("EXECUTE");
        var grants = (await ui.Server.GetOkJsonAsync(GrantsPath(model)))["privilege_assignments"]!.ToJsonString();
        Assert.Equal("""[{"principal":"model-reader@example.com","privileges":["EXECUTE"]}]""", grants);
        Assert.Equal(200, await ReadModelStatusAsync(ui.Server, token, model));
        await card.ScrollIntoViewIfNeededAsync();
        await UiFixture.ScreenshotAsync(page, "model-grants-1280");

        var narrow = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, 390);
        await narrow.GotoAsync($"/ui/#/registry/{model}");
        await Expect(Card(narrow).Locator("tr[data-principal='model-reader@example.com']")).ToContainTextAsync("EXECUTE");
        await UiFixture.ScreenshotAsync(narrow, "model-grants-390");

        // Revoke from the keyboard: the button takes focus and Enter presses it.
        await card.GetByRole(AriaRole.Button, new() { Name = "Revoke EXECUTE from model-reader@example.com" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Revoked EXECUTE from model-reader@example.com.");
        await Expect(row).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = "Grants" })).ToBeFocusedAsync();
        Assert.Empty((await ui.Server.GetOkJsonAsync(GrantsPath(model)))["privilege_assignments"]!.AsArray());
        Assert.Equal(403, await ReadModelStatusAsync(ui.Server, token, model));
    }

    [Fact]
    public async Task GrantToNoOne_ShowsTheApisMessage_AndAGranteeSeesNoControls()
    {
        const string model = "catalog.schema.grants-refused";
        await ui.Server.RegisterModelVersionAsync(model, RepoPaths.SampleModel("model-a"));
        var (_, token) = await ui.Server.CreateUserWithTokenAsync("grantee@example.com");
        await ApiAssert.OkJsonAsync(await ui.Server.PatchJsonAsync(GrantsPath(model),
            """{"changes": [{"principal": "grantee@example.com", "add": ["EXECUTE"]}]}"""));
        var before = (await ui.Server.GetOkJsonAsync(GrantsPath(model))).ToJsonString();
        var apiMessage = await ApiAssert.ErrorAsync(await ui.Server.PatchJsonAsync(GrantsPath(model),
            """{"changes": [{"principal": "nobody@example.com", "add": ["EXECUTE"]}]}"""), 400, "INVALID_PARAMETER_VALUE");

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync($"/ui/#/registry/{model}");
        var card = Card(page);
        await card.GetByLabel("Principal", new() { Exact = true }).FillAsync("nobody@example.com");
        await card.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Alert).Filter(new() { HasText = "nobody" })).ToHaveTextAsync(apiMessage);
        Assert.Contains("no user, group or service principal named 'nobody@example.com'", apiMessage);
        await Expect(card.GetByLabel("Principal", new() { Exact = true })).ToHaveValueAsync("nobody@example.com");
        Assert.Equal(before, (await ui.Server.GetOkJsonAsync(GrantsPath(model))).ToJsonString());

        // The grantee reads the model and its grants, and gets no way to change them.
        var grantee = await ui.SignedInPageAsync(token);
        await grantee.GotoAsync($"/ui/#/registry/{model}");
        var theirs = Card(grantee);
        await Expect(theirs.Locator("tr[data-principal='grantee@example.com']")).ToContainTextAsync("EXECUTE");
        await Expect(theirs).ToContainTextAsync("Only the owner or an admin may change these grants.");
        await Expect(theirs.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(theirs.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
    }
}
