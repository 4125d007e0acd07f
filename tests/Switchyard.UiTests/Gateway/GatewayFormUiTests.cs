using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests.Gateway;

/// <summary>
/// The AI Gateway form on the endpoint page: a manager saves usage tracking, a rate limit and
/// guardrails (the endpoint then holds them), a value the server refuses shows its message by the
/// field, every control is reachable and labelled; a CAN_VIEW caller reads the settings only.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class GatewayFormUiTests(UiFixture ui)
{
    [Fact]
    public async Task Manager_SavesUsageTrackingRateLimitAndGuardrails_AndTheEndpointHoldsThem()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "gw-form");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/gw-form");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "AI Gateway" });

        await card.GetByLabel("Track usage").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Add rate limit" }).ClickAsync();
        var limit = card.Locator("[data-rate-limit='0']");
        await Expect(limit.GetByLabel("Principal (optional")).ToBeHiddenAsync();
        await limit.GetByLabel("Key").SelectOptionAsync("user");
        await Expect(limit.GetByLabel("Principal (optional")).ToBeVisibleAsync();
        await limit.GetByLabel("Calls").FillAsync("5");
        await limit.GetByLabel("Per").SelectOptionAsync("hour");
        var input = card.GetByRole(AriaRole.Group, new() { Name = "Input guardrails (the request)" });
        await input.GetByLabel("PII (personal data)").SelectOptionAsync("BLOCK");
        await input.GetByLabel("Invalid keywords (comma- or line-separated)").FillAsync("secret, forbidden\nclassified");
        var output = card.GetByRole(AriaRole.Group, new() { Name = "Output guardrails (the answer)" });
        await output.GetByLabel("PII (personal data)").SelectOptionAsync("MASK");
        await output.GetByLabel("Safety filter").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Save gateway settings" }).ClickAsync();

        await Expect(card.GetByTestId("gateway-saved")).ToHaveTextAsync("Saved. The form shows the config the server stored.");
        var stored = (await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/gw-form"))["ai_gateway"]!;
        Assert.True((bool)stored["usage_tracking_config"]!["enabled"]!);
        var rule = stored["rate_limits"]![0]!;
        Assert.Equal(("user", 5, "hour"), ((string?)rule["key"], (int)rule["calls"]!, (string?)rule["renewal_period"]));
        Assert.Null(rule["tokens"]);
        Assert.Equal("BLOCK", (string?)stored["guardrails"]!["input"]!["pii"]!["behavior"]);
        Assert.Equal("""["secret","forbidden","classified"]""", stored["guardrails"]!["input"]!["invalid_keywords"]!.ToJsonString());
        Assert.Equal("MASK", (string?)stored["guardrails"]!["output"]!["pii"]!["behavior"]);
        Assert.True((bool)stored["guardrails"]!["output"]!["safety"]!);
        Assert.Null(stored["budgets"]);
        Assert.Null(stored["inference_table_config"]);

        // A fresh page reads the endpoint again and shows what it holds.
        await page.ReloadAsync();
        card = page.GetByRole(AriaRole.Region, new() { Name = "AI Gateway" });
        await Expect(card.GetByLabel("Track usage")).ToBeCheckedAsync();
        await Expect(card.Locator("[data-rate-limit='0']").GetByLabel("Calls")).ToHaveValueAsync("5");
        await Expect(card.Locator("[data-rate-limit='0']").GetByLabel("Per")).ToHaveValueAsync("hour");
        await Expect(card.GetByRole(AriaRole.Group, new() { Name = "Input guardrails (the request)" }).GetByLabel("Invalid keywords (comma- or line-separated)"))
            .ToHaveValueAsync("secret, forbidden, classified");
        await card.ScrollIntoViewIfNeededAsync();
        await GatewayEndpoints.ScreenshotBothWidthsAsync(page, "gateway-form-saved");
    }

    [Fact]
    public async Task RefusedValue_ShowsTheServersMessageBesideTheField()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "gw-form-refused");
        // The sample models count no tokens, so a token limit on them is refused by the server (not by the form).
        var refused = await ui.Server.PutJsonAsync("/api/2.0/serving-endpoints/gw-form-refused/ai-gateway",
            JsonNode.Parse("""{"rate_limits": [{"key": "endpoint", "tokens": 100, "renewal_period": "minute"}]}""")!);
        Assert.Equal(400, (int)refused.StatusCode);
        var message = (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["message"]!;
        Assert.Contains("ai_gateway.rate_limits[0].tokens", message, StringComparison.Ordinal);

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/gw-form-refused");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "AI Gateway" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Add rate limit" }).ClickAsync();
        await card.Locator("[data-rate-limit='0']").GetByLabel("Tokens").FillAsync("100");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save gateway settings" }).ClickAsync();

        await Expect(card.Locator("[data-error-for='ai_gateway.rate_limits[0].tokens']")).ToHaveTextAsync(message);
        await Expect(card.GetByTestId("gateway-error")).ToHaveTextAsync("The server refused the settings: see the fields marked above.");
        Assert.Null((await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/gw-form-refused"))["ai_gateway"]?["rate_limits"]);
        await card.Locator("[data-rate-limit='0']").ScrollIntoViewIfNeededAsync();
        await GatewayEndpoints.ScreenshotBothWidthsAsync(page, "gateway-form-refused");
    }

    [Fact]
    public async Task Form_EveryControlIsLabelledAndReachable_AddingARowMovesFocusToIt()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "gw-form-keys");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/gw-form-keys");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "AI Gateway" });

        await card.GetByRole(AriaRole.Button, new() { Name = "Add budget" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(card.Locator("[data-budget='0']").GetByLabel("Key")).ToBeFocusedAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Add rate limit" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(card.Locator("[data-rate-limit='0']").GetByLabel("Key")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(card.Locator("[data-rate-limit='0']").GetByLabel("Tokens")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Remove rate limit 1" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(card.Locator("[data-rate-limit='0']")).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Add rate limit" })).ToBeFocusedAsync();

        Assert.Empty(await GatewayEndpoints.UnreachableOrUnlabelledAsync(card));
        Assert.Empty(await GatewayEndpoints.UnreachableOrUnlabelledAsync(page.GetByRole(AriaRole.Region, new() { Name = "Usage" })));
        Assert.Empty(await GatewayEndpoints.UnreachableOrUnlabelledAsync(page.GetByRole(AriaRole.Region, new() { Name = "Traffic" })));
    }

    [Fact]
    public async Task CanViewUser_ReadsTheSettingsWithoutAForm()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "gw-form-viewed");
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync("/api/2.0/serving-endpoints/gw-form-viewed/ai-gateway",
            JsonNode.Parse("""{"fallback_config": {"enabled": true}}""")!));
        var (_, token) = await ui.Server.CreateUserWithTokenAsync("gateway-viewer@example.com");
        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync($"/api/2.0/permissions/serving-endpoints/{(string)endpoint["id"]!}", new JsonObject
        {
            ["access_control_list"] = new JsonArray(new JsonObject { ["user_name"] = "gateway-viewer@example.com", ["permission_level"] = "CAN_VIEW" }),
        }));

        var page = await ui.SignedInPageAsync(token);
        await page.GotoAsync("/ui/#/endpoints/gw-form-viewed");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "AI Gateway" });
        await Expect(card.GetByTestId("gateway-summary")).ToContainTextAsync("FallbackOn");
        await Expect(card.GetByText("Changing these settings needs CAN_MANAGE.")).ToBeVisibleAsync();
        await Expect(card.Locator("form")).ToHaveCountAsync(0);
    }
}
