using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.Testing.Providers;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// Tags on the list (shown, filtered by) and on the endpoint page (added, removed); an external
/// endpoint made with a literal key edited in the UI without retyping the key, which the server
/// never shows.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class TagsAndKeysUiTests(UiFixture ui)
{
    [Fact]
    public async Task Tags_AreShownFilteredByAndEditedOnTheEndpointPage()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "tagged-risk");
        await ApiEndpoints.CreateAsync(ui.Server, "tagged-other");
        await ApiAssert.OkJsonAsync(await ui.Server.Client.PatchAsync("/api/2.0/serving-endpoints/tagged-risk/tags",
            new StringContent("""{"add_tags": [{"key": "team", "value": "risk"}]}""", System.Text.Encoding.UTF8, "application/json")));
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);

        var risk = page.Locator("[data-endpoint='tagged-risk']");
        await Expect(risk.GetByTestId("tags")).ToHaveTextAsync("team: risk");
        await page.GetByLabel("Filter by tag").FillAsync("team=risk");
        await Expect(risk).ToBeVisibleAsync();
        await Expect(page.Locator("[data-endpoint='tagged-other']")).ToHaveCountAsync(0);
        await UiFixture.ScreenshotAsync(page, "30-list-filtered-by-tag");
        await page.GetByLabel("Filter by tag").FillAsync("team=fraud");
        await Expect(risk).ToHaveCountAsync(0);

        await page.GotoAsync("/ui/#/endpoints/tagged-other");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Tags" });
        await card.GetByLabel("Tag key").FillAsync("stage");
        await card.GetByLabel("Tag value (optional)").FillAsync("canary");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(card.GetByTestId("tags")).ToContainTextAsync("stage: canary");
        Assert.Equal("""[{"key":"stage","value":"canary"}]""", (await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/tagged-other"))["tags"]!.ToJsonString());
        await UiFixture.ScreenshotAsync(page, "31-endpoint-tags");

        await card.GetByRole(AriaRole.Button, new() { Name = "Remove tag stage" }).ClickAsync();
        await Expect(card.GetByTestId("tags")).ToHaveTextAsync("No tags");
        Assert.Empty((await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/tagged-other"))["tags"]!.AsArray());
    }

    /// <summary>The same on a phone-wide screen: the list's tags and filter, a tag added and removed by keyboard on the page.</summary>
    [Fact]
    public async Task Tags_WorkOnANarrowScreen()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "tagged-narrow");
        await ApiAssert.OkJsonAsync(await ui.Server.Client.PatchAsync("/api/2.0/serving-endpoints/tagged-narrow/tags",
            new StringContent("""{"add_tags": [{"key": "owner", "value": "ml-platform"}]}""", System.Text.Encoding.UTF8, "application/json")));
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, width: 390);

        await page.GetByLabel("Filter by tag").FillAsync("owner=ml-platform");
        var row = page.Locator("[data-endpoint='tagged-narrow']");
        await Expect(row.GetByTestId("tags")).ToHaveTextAsync("owner: ml-platform");
        await UiFixture.ScreenshotAsync(page, "tags-list-390");

        await page.GotoAsync("/ui/#/endpoints/tagged-narrow");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Tags" });
        await card.GetByLabel("Tag key").FillAsync("stage");
        await card.GetByLabel("Tag value (optional)").FillAsync("canary");
        await card.GetByLabel("Tag value (optional)").PressAsync("Enter");
        await Expect(card.GetByTestId("tags")).ToContainTextAsync("stage: canary");
        await card.ScrollIntoViewIfNeededAsync();
        await UiFixture.ScreenshotAsync(page, "tags-390");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "the page is wider than the screen");

        await card.GetByRole(AriaRole.Button, new() { Name = "Remove tag stage" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(card.Locator("[data-tag='stage']")).ToHaveCountAsync(0);
        await Expect(card.Locator("[data-tag]")).ToHaveCountAsync(1);
        Assert.Equal("""[{"key":"owner","value":"ml-platform"}]""",
            (await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/tagged-narrow"))["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task EditConfiguration_KeepsALiteralKeyWithoutRetypingIt()
    {
        await using var openAi = await OpenAiStandIn.StartAsync();
        await using var server = await ServerUnderTest.StartAsync(extraArgs: [$"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}"]);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = "literal-key",
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "gpt",
                    ["external_model"] = new JsonObject
                    {
                        ["name"] = "gpt-4o-mini", ["provider"] = "openai", ["task"] = "llm/v1/chat",
                        ["openai_config"] = new JsonObject { ["openai_api_key_plaintext"] = openAi.ApiKey },
                    },
                }),
            },
        }));
        await server.WaitUntilReadyAsync("literal-key");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, server: server);

        await page.GotoAsync("/ui/#/endpoints/literal-key/edit");
        var key = page.Locator("[data-row='0']").GetByLabel("OpenAI API key");
        await Expect(key).ToHaveValueAsync("");
        await Expect(key).ToHaveAttributeAsync("placeholder", "A key is stored: leave empty to keep it");
        await page.Locator("[data-row='0']").GetByLabel("Model id at the provider").FillAsync("gpt-4o");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 2", new() { Timeout = 60_000 });
        Assert.DoesNotContain(openAi.ApiKey, await page.ContentAsync(), StringComparison.Ordinal);

        var edited = await server.WaitUntilReadyAsync("literal-key");
        Assert.Equal("gpt-4o", (string?)edited["config"]!["served_entities"]![0]!["external_model"]!["name"]);
        var answer = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/literal-key/invocations",
            JsonNode.Parse("""{"messages": [{"role": "user", "content": "Hi"}]}""")!));
        Assert.Equal(openAi.Reply, (string?)answer["choices"]![0]!["message"]!["content"]);
        Assert.Equal("gpt-4o", (string?)openAi.LastRequest.Body!["model"]);
    }
}
