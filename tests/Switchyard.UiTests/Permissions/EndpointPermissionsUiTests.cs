using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests.Permissions;

/// <summary>
/// The endpoint page's permissions card: a manager grants, changes and removes grants through the
/// permissions API (the ACL and the data plane follow), a refused change shows the API's message
/// and changes nothing, the form and the remove buttons work by keyboard; a CAN_VIEW caller reads only.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class EndpointPermissionsUiTests(UiFixture ui)
{
    private static ILocator Card(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Permissions" });

    private static ILocator Row(IPage page, string field, string name) =>
        Card(page).Locator($"tr[data-principal='{field}:{name}'][data-inherited='false']");

    [Fact]
    public async Task GrantCanQueryToAGroup_LetsItsMemberQuery_AndRemovingItTakesThatAway()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "perm-group");
        var id = (string)endpoint["id"]!;
        var (_, token) = await PermissionsSetup.UserInGroupAsync(ui.Server, "scorer@example.com", "scorers");
        Assert.Equal(403, await PermissionsSetup.QueryStatusAsync(ui.Server, token, "perm-group"));

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/perm-group");
        var card = Card(page);
        await card.GetByLabel("Principal kind").SelectOptionAsync(new SelectOptionValue { Label = "Group" });
        await card.GetByLabel("Principal name").FillAsync("scorers");
        await card.GetByLabel("Permission level").SelectOptionAsync("CAN_QUERY");
        await card.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();

        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Group scorers now has CAN_QUERY.");
        var row = Row(page, "group_name", "scorers");
        await Expect(row.Locator("td[data-label='Level']")).ToHaveTextAsync("CAN_QUERY");
        await Expect(row.Locator("td[data-label='Kind']")).ToHaveTextAsync("Group");
        await Expect(card.GetByLabel("Principal name")).ToHaveValueAsync("");
        Assert.Equal("CAN_QUERY", await PermissionsSetup.DirectLevelAsync(ui.Server, id, "group_name", "scorers"));
        Assert.Equal(200, await PermissionsSetup.QueryStatusAsync(ui.Server, token, "perm-group"));

        // The inherited admins entry and the creator's grant are shown as such, without a remove button.
        var inherited = card.Locator("tr[data-principal='group_name:admins'][data-inherited='true']");
        await Expect(inherited).ToContainTextAsync("CAN_MANAGE (inherited from /serving-endpoints/)");
        await Expect(inherited).ToContainTextAsync("Inherited: not removable");
        await Expect(inherited.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var creator = card.Locator($"tr[data-principal='user_name:{(string)endpoint["creator"]!}']");
        await Expect(creator).ToContainTextAsync("CAN_MANAGE (creator)");
        await Expect(creator.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await card.ScrollIntoViewIfNeededAsync();
        await UiFixture.ScreenshotAsync(page, "permissions-1280");

        await card.GetByRole(AriaRole.Button, new() { Name = "Remove grant of group scorers" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Removed the grant of group scorers.");
        await Expect(Row(page, "group_name", "scorers")).ToHaveCountAsync(0);
        Assert.Null(await PermissionsSetup.DirectLevelAsync(ui.Server, id, "group_name", "scorers"));
        Assert.Equal(403, await PermissionsSetup.QueryStatusAsync(ui.Server, token, "perm-group"));
        // The creator's CAN_MANAGE outlives the PUT that removal sends.
        await Expect(creator).ToContainTextAsync("CAN_MANAGE (creator)");
    }

    [Fact]
    public async Task SetLevel_ChangesAGrantInPlace_AndOtherGrantsStay()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "perm-level");
        var id = (string)endpoint["id"]!;
        await ui.Server.CreateUserWithTokenAsync("leveled@example.com");
        var (_, robot, token) = await ui.Server.CreateServicePrincipalWithTokenAsync("level-robot");
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync($"/api/2.0/permissions/serving-endpoints/{id}", new JsonObject
        {
            ["access_control_list"] = new JsonArray(
                new JsonObject { ["user_name"] = "leveled@example.com", ["permission_level"] = "CAN_VIEW" },
                new JsonObject { ["service_principal_name"] = robot, ["permission_level"] = "CAN_QUERY" }),
        }));

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, 390);
        await page.GotoAsync("/ui/#/endpoints/perm-level");
        var card = Card(page);
        await Expect(Row(page, "service_principal_name", robot).Locator("td[data-label='Kind']")).ToHaveTextAsync("Service principal");
        var level = card.GetByLabel("Level for user leveled@example.com");
        await Expect(level).ToHaveValueAsync("CAN_VIEW");
        await level.SelectOptionAsync("CAN_MANAGE");
        await card.GetByRole(AriaRole.Button, new() { Name = "Set level of user leveled@example.com" }).ClickAsync();

        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("User leveled@example.com now has CAN_MANAGE.");
        await Expect(Row(page, "user_name", "leveled@example.com").Locator("td[data-label='Level']")).ToHaveTextAsync("CAN_MANAGE");
        // The redrawn row keeps the focus where it was, on its own button.
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Set level of user leveled@example.com" })).ToBeFocusedAsync();
        Assert.Equal("CAN_MANAGE", await PermissionsSetup.DirectLevelAsync(ui.Server, id, "user_name", "leveled@example.com"));
        Assert.Equal("CAN_QUERY", await PermissionsSetup.DirectLevelAsync(ui.Server, id, "service_principal_name", robot));
        Assert.Equal(200, await PermissionsSetup.QueryStatusAsync(ui.Server, token, "perm-level"));
        await card.ScrollIntoViewIfNeededAsync();
        await UiFixture.ScreenshotAsync(page, "permissions-390");
    }

    [Fact]
    public async Task UnknownPrincipal_ShowsTheApisMessage_AndNeitherItNorTheCreatorsGrantChanges()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "perm-error");
        var id = (string)endpoint["id"]!;
        var before = await PermissionsSetup.AclAsync(ui.Server, id);
        // What the API itself says to the same request, which the card must show word for word.
        var apiMessage = await ApiAssert.ErrorAsync(await ui.Server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{id}",
            """{"access_control_list": [{"group_name": "no-such-team", "permission_level": "CAN_QUERY"}]}"""), 400, "INVALID_PARAMETER_VALUE");

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/perm-error");
        var card = Card(page);
        await card.GetByLabel("Principal kind").SelectOptionAsync(new SelectOptionValue { Label = "Group" });
        await card.GetByLabel("Principal name").FillAsync("no-such-team");
        await card.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();

        var alert = card.Locator(".permissions-status").GetByRole(AriaRole.Alert);
        await Expect(alert).ToHaveTextAsync(apiMessage);
        Assert.Contains("no group named 'no-such-team'", apiMessage);
        await Expect(card.GetByLabel("Principal name")).ToHaveValueAsync("no-such-team");
        await Expect(card.Locator("tr[data-principal='group_name:no-such-team']")).ToHaveCountAsync(0);
        Assert.Equal(before, await PermissionsSetup.AclAsync(ui.Server, id));

        // A lower level for the creator: the API answers 200 and keeps CAN_MANAGE, and the card says so rather than claim a change.
        var creator = (string)endpoint["creator"]!;
        await card.GetByLabel("Principal kind").SelectOptionAsync(new SelectOptionValue { Label = "User" });
        await card.GetByLabel("Principal name").FillAsync(creator);
        await card.GetByLabel("Permission level").SelectOptionAsync("CAN_VIEW");
        await card.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync($"User {creator} is the creator and keeps CAN_MANAGE.");
        await Expect(card.Locator($"tr[data-principal='user_name:{creator}']")).ToContainTextAsync("CAN_MANAGE (creator)");
        Assert.Equal(before, await PermissionsSetup.AclAsync(ui.Server, id));
    }

    [Fact]
    public async Task CanViewUser_SeesTheTableWithoutEditControls()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "perm-viewer");
        var (_, token) = await ui.Server.CreateUserWithTokenAsync("acl-viewer@example.com");
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync($"/api/2.0/permissions/serving-endpoints/{(string)endpoint["id"]!}", new JsonObject
        {
            ["access_control_list"] = new JsonArray(new JsonObject { ["user_name"] = "acl-viewer@example.com", ["permission_level"] = "CAN_VIEW" }),
        }));

        var page = await ui.SignedInPageAsync(token);
        await page.GotoAsync("/ui/#/endpoints/perm-viewer");
        var card = Card(page);
        await Expect(Row(page, "user_name", "acl-viewer@example.com").Locator("td[data-label='Level']")).ToHaveTextAsync("CAN_VIEW");
        await Expect(card.Locator("tr[data-inherited='true']")).ToContainTextAsync("inherited");
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Combobox)).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Columnheader, new() { Name = "Change" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AddAndRemove_ByKeyboardOnly()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "perm-keys");
        var id = (string)endpoint["id"]!;
        await PermissionsSetup.UserInGroupAsync(ui.Server, "typist@example.com", "typists");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/perm-keys");
        var card = Card(page);
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true })).ToBeVisibleAsync();

        // From the page's heading, Tab reaches the kind; arrows pick Group; Tab, type the name, Tab past the level (CAN_QUERY), Enter.
        var kind = card.GetByLabel("Principal kind");
        await PermissionsSetup.TabToAsync(page, kind, limit: 300);
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(kind).ToHaveValueAsync("group_name");
        var focusOutline = await kind.EvaluateAsync<string>("el => getComputedStyle(el).outlineStyle");
        Assert.Equal("solid", focusOutline);
        await page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByLabel("Principal name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("typists");
        await page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByLabel("Permission level")).ToBeFocusedAsync();
        await Expect(card.GetByLabel("Permission level")).ToHaveValueAsync("CAN_QUERY");
        await page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Row(page, "group_name", "typists").Locator("td[data-label='Level']")).ToHaveTextAsync("CAN_QUERY");
        Assert.Equal("CAN_QUERY", await PermissionsSetup.DirectLevelAsync(ui.Server, id, "group_name", "typists"));

        // Back up to the row's remove button with Shift+Tab and press Space.
        var remove = card.GetByRole(AriaRole.Button, new() { Name = "Remove grant of group typists" });
        for (var i = 0; i < 20 && !await remove.EvaluateAsync<bool>("el => el === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Shift+Tab");
        }

        await Expect(remove).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(Row(page, "group_name", "typists")).ToHaveCountAsync(0);
        Assert.Null(await PermissionsSetup.DirectLevelAsync(ui.Server, id, "group_name", "typists"));
        // Its button gone with the row, focus lands on the card's heading, not on the page's start.
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = "Permissions" })).ToBeFocusedAsync();
    }
}
