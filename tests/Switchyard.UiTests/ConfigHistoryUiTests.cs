using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// The endpoint page's Config history card: versions newest first with author, reason and a
/// readable diff; a manager rolls back by keyboard (reason, confirmation, the new pending version);
/// a rollback sent after someone else changed the endpoint is refused (412) and said in the card, and
/// Cancel then shows the history as it is;
/// a CAN_VIEW user sees the history with no rollback and is told why.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class ConfigHistoryUiTests(UiFixture ui)
{
    [Fact]
    public async Task History_ShowsVersionsAndDiffs_AndAManagerRollsBackByKeyboard()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "history-ui");
        await PutTwoArmsAsync("history-ui", "try B on a fifth");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/history-ui");

        var card = page.GetByRole(AriaRole.Region, new() { Name = "Config history" });
        var entries = card.GetByRole(AriaRole.List, new() { Name = "Config versions, newest first" }).Locator("li.history-entry");
        await Expect(entries).ToHaveCountAsync(2);
        var newest = entries.Nth(0);
        await Expect(newest).ToHaveAttributeAsync("data-version", "2");
        await Expect(newest.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Version 2 (newest)");
        await Expect(newest.Locator(".history-about")).ToContainTextAsync("by admin");
        await Expect(newest.Locator(".history-reason")).ToHaveTextAsync("Reason: try B on a fifth");
        var split = newest.Locator("tr[data-path='traffic_config.routes[only].traffic_percentage']");
        await Expect(split.Locator("td[data-label='From']")).ToHaveTextAsync("100");
        await Expect(split.Locator("td[data-label='To']")).ToHaveTextAsync("80");
        var added = newest.Locator("tr[data-path='served_entities[challenger]']");
        await Expect(added.Locator("td[data-label='From']")).ToHaveTextAsync("(not set)");
        await Expect(added.Locator("td[data-label='To']")).ToContainTextAsync("\"entity_name\":\"catalog.schema.model-B\"");
        await Expect(newest.GetByRole(AriaRole.Button, new() { Name = "Roll back to this version" })).ToHaveCountAsync(0);

        var first = entries.Nth(1);
        await Expect(first).ToHaveAttributeAsync("data-version", "1");
        await Expect(first.Locator(".history-reason")).ToHaveTextAsync("No reason given.");
        await Expect(first.GetByTestId("diff-empty")).ToHaveTextAsync("The first version: nothing before it to compare with.");

        // By keyboard: the button opens the form with the focus in the reason; Enter confirms.
        var rollBack = first.GetByRole(AriaRole.Button, new() { Name = "Roll back to this version" });
        await rollBack.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var form = card.GetByRole(AriaRole.Form, new() { Name = "Roll back to config version 1" });
        var reason = form.GetByLabel("Reason (optional)");
        await Expect(reason).ToBeFocusedAsync();
        await Expect(form).ToHaveAttributeAsync("data-if-match", "\"2\"");
        await AxeScan.AssertCleanAsync(page, "endpoint-rollback-form");
        await page.Keyboard.TypeAsync("B is worse");
        await page.Keyboard.PressAsync("Enter");

        await Expect(card.GetByTestId("rollback-done")).ToHaveTextAsync(
            "Rolled back to version 1: its config is now config version 3, pending while it rolls out.");
        await Expect(entries).ToHaveCountAsync(3);
        await Expect(entries.Nth(0)).ToHaveAttributeAsync("data-version", "3");
        await Expect(entries.Nth(0).Locator(".history-reason")).ToHaveTextAsync("Reason: B is worse");
        // Version 3 undoes version 2: the challenger goes and the split is whole again.
        await Expect(entries.Nth(0).Locator("tr[data-path='served_entities[challenger]'] td[data-label='To']")).ToHaveTextAsync("(removed)");

        var history = await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/history-ui/config-history");
        Assert.Equal(3, (int)history["configs"]![0]!["config_version"]!);
        Assert.Equal("B is worse", (string?)history["configs"]![0]!["reason"]);
        Assert.Equal("admin", (string?)history["configs"]![0]!["author"]);
        await ui.Server.WaitUntilReadyAsync("history-ui");
        await UiFixture.ScreenshotAsync(page, "config-history-1280");
        await AxeScan.AssertCleanAsync(page, "endpoint-config-history");

        var narrow = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, 390);
        await narrow.GotoAsync("/ui/#/endpoints/history-ui");
        await Expect(narrow.GetByRole(AriaRole.Region, new() { Name = "Config history" }).Locator("li.history-entry")).ToHaveCountAsync(3);
        await UiFixture.ScreenshotAsync(narrow, "config-history-390");
        await AxeScan.AssertCleanAsync(narrow, "endpoint-config-history");
    }

    [Fact]
    public async Task Rollback_AfterSomeoneElseChangedTheEndpoint_IsRefusedWith412_AndConfirmingAgainRollsBack()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "history-race");
        await PutTwoArmsAsync("history-race", "second");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/history-race");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Config history" });
        var entries = card.Locator("li.history-entry");
        await Expect(entries).ToHaveCountAsync(2);
        await entries.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Roll back to this version" }).ClickAsync();
        var form = card.GetByRole(AriaRole.Form, new() { Name = "Roll back to config version 1" });
        await Expect(form).ToHaveAttributeAsync("data-if-match", "\"2\"");

        // Someone else moves the endpoint to version 3 while the form is open.
        await PutTwoArmsAsync("history-race", "someone else");
        await form.GetByRole(AriaRole.Button, new() { Name = "Confirm rollback to version 1" }).ClickAsync();
        await Expect(form.Locator(".rollback-failure").GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "If-Match names config version 2, but the current config version of serving endpoint history-race is 3; read the endpoint again and retry.");
        await Expect(form).ToContainTextAsync("The endpoint changed since this form opened.");
        var history = await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/history-race/config-history");
        Assert.Equal(3, (int)history["configs"]![0]!["config_version"]!);
        Assert.Equal("someone else", (string?)history["configs"]![0]!["reason"]);
        await AxeScan.AssertCleanAsync(page, "endpoint-rollback-refused");

        // The form now holds the version the endpoint is at: confirming again is a knowing rollback.
        await Expect(form).ToHaveAttributeAsync("data-if-match", "\"3\"");

        // Cancel shows the history as it is now (the other change on top), the focus on the same version's button.
        await form.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(entries).ToHaveCountAsync(3);
        await Expect(entries.Nth(0).Locator(".history-reason")).ToHaveTextAsync("Reason: someone else");
        var again = entries.Nth(2).GetByRole(AriaRole.Button, new() { Name = "Roll back to this version" });
        await Expect(again).ToBeFocusedAsync();
        await again.ClickAsync();
        await Expect(form).ToHaveAttributeAsync("data-if-match", "\"3\"");
        await form.GetByRole(AriaRole.Button, new() { Name = "Confirm rollback to version 1" }).ClickAsync();
        await Expect(card.GetByTestId("rollback-done")).ToContainTextAsync("config version 4");
        await ui.Server.WaitUntilReadyAsync("history-race");
    }

    [Fact]
    public async Task CanViewUser_SeesTheHistory_WithoutRollback_AndIsToldWhy()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "history-viewed");
        await PutTwoArmsAsync("history-viewed", "for the viewer");
        var (_, token) = await ui.Server.CreateUserWithTokenAsync("history-viewer@example.com");
        await ApiAssert.OkJsonAsync(await ui.Server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{(string)endpoint["id"]!}", new JsonObject
        {
            ["access_control_list"] = new JsonArray(new JsonObject { ["user_name"] = "history-viewer@example.com", ["permission_level"] = "CAN_VIEW" }),
        }.ToJsonString()));

        var page = await ui.SignedInPageAsync(token);
        await page.GotoAsync("/ui/#/endpoints/history-viewed");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Config history" });
        await Expect(card.Locator("li.history-entry")).ToHaveCountAsync(2);
        await Expect(card.Locator("li.history-entry").Nth(0).Locator(".history-reason")).ToHaveTextAsync("Reason: for the viewer");
        await Expect(card.GetByTestId("rollback-unavailable")).ToHaveTextAsync("Rolling back needs CAN_MANAGE on this endpoint; you have CAN_VIEW.");
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await AxeScan.AssertCleanAsync(page, "endpoint-config-history-viewer");
    }

    /// <summary>Adds a challenger (model-B) at 20% beside "only", with a reason, and waits until it serves.</summary>
    private async Task PutTwoArmsAsync(string name, string reason)
    {
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync($"/api/2.0/serving-endpoints/{name}/config", new JsonObject
        {
            ["served_entities"] = new JsonArray(
                Entity("only", "catalog.schema.model-A"),
                Entity("challenger", "catalog.schema.model-B")),
            ["traffic_config"] = new JsonObject
            {
                ["routes"] = new JsonArray(
                    new JsonObject { ["served_entity_name"] = "only", ["traffic_percentage"] = 80 },
                    new JsonObject { ["served_entity_name"] = "challenger", ["traffic_percentage"] = 20 }),
            },
            ["reason"] = reason,
        }));
        await ui.Server.WaitUntilReadyAsync(name);
    }

    private static JsonObject Entity(string name, string model) => new()
    {
        ["name"] = name,
        ["entity_name"] = model,
        ["entity_version"] = "1",
        ["workload_size"] = "Small",
        ["scale_to_zero_enabled"] = true,
    };
}
