using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchyard.Testing.Providers;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// The mission's external 50/50 endpoint (OpenAI gpt-4 and Anthropic claude-3-opus, keys from
/// secret references) created, checked, queried whole and streamed, and edited, all in the UI,
/// against the loopback provider stand-ins.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class ExternalModelsUiTests(UiFixture ui)
{
    private const string OpenAiKeyReference = "{{secrets/my_openai_secret_scope/openai_api_key}}";
    private const string AnthropicKeyReference = "{{secrets/my_anthropic_secret_scope/anthropic_api_key}}";

    [Fact]
    public async Task MixChatEndpoint_CreatedQueriedAndEditedInTheUi()
    {
        await using var openAi = await OpenAiStandIn.StartAsync();
        await using var anthropic = await AnthropicStandIn.StartAsync();
        await using var server = await ServerUnderTest.StartAsync(extraArgs:
            [$"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}", $"--ExternalModels:BaseUrls:anthropic={anthropic.BaseUrl}"]);
        await server.PutSecretAsync("my_openai_secret_scope", "openai_api_key", openAi.ApiKey);
        await server.PutSecretAsync("my_anthropic_secret_scope", "anthropic_api_key", anthropic.ApiKey);
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, server: server);

        // Both rows external: the first row chooses the kind, the second follows it and says why.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("mix-chat-endpoint");
        await Row(page, 0).GetByLabel("Kind of entity").SelectOptionAsync("external");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add served entity" }).ClickAsync();
        await Expect(Row(page, 1).GetByLabel("Kind of entity")).ToBeDisabledAsync();
        await Expect(Row(page, 1).GetByLabel("Kind of entity")).ToHaveValueAsync("external");
        await Expect(Row(page, 1)).ToContainTextAsync("An endpoint serves one kind of entity");

        // A literal key where a reference belongs: the server's 400 lands next to the key field.
        await FillExternalAsync(page, 0, "served_model_name_1", "openai", "gpt-4", "OpenAI API key", "sk-literal-key", 50);
        await FillExternalAsync(page, 1, "served_model_name_2", "anthropic", "claude-3-opus-20240229", "Anthropic API key", AnthropicKeyReference, 50);
        await Expect(Row(page, 0).GetByLabel("OpenAI API key")).ToHaveAttributeAsync("placeholder", "{{secrets/<scope>/<key>}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        var keyError = page.Locator("[data-error-for='served_entities[0].external_model.openai_config.openai_api_key']");
        await Expect(keyError).ToContainTextAsync("must be a secret reference");
        Assert.DoesNotContain("sk-literal-key", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await UiFixture.ScreenshotAsync(page, "20-external-create-key-error");

        await Row(page, 0).GetByLabel("OpenAI API key").FillAsync(OpenAiKeyReference);
        await Expect(page.GetByTestId("split-total")).ToHaveTextAsync("Traffic total: 100%");
        await UiFixture.ScreenshotAsync(page, "21-external-create");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        // The endpoint page: provider, model and task of each entity; no key reference shown.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "mix-chat-endpoint", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
        var first = page.GetByTestId("current-config").Locator("[data-entity='served_model_name_1']");
        await Expect(first.GetByTestId("provider")).ToHaveTextAsync("openai");
        await Expect(first).ToContainTextAsync("gpt-4");
        await Expect(first).ToContainTextAsync("llm/v1/chat");
        await Expect(page.GetByTestId("current-config").Locator("[data-entity='served_model_name_2']").GetByTestId("provider")).ToHaveTextAsync("anthropic");
        Assert.DoesNotContain("secrets/", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // The config as the REST API gives it back.
        var endpoint = await server.GetOkJsonAsync("/api/2.0/serving-endpoints/mix-chat-endpoint");
        var entities = endpoint["config"]!["served_entities"]!.AsArray();
        Assert.Equal(["served_model_name_1", "served_model_name_2"], entities.Select(e => (string?)e!["name"]));
        var openAiModel = entities[0]!["external_model"]!;
        Assert.Equal(("gpt-4", "openai", "llm/v1/chat"), ((string?)openAiModel["name"], (string?)openAiModel["provider"], (string?)openAiModel["task"]));
        Assert.Equal(OpenAiKeyReference, (string?)openAiModel["openai_config"]!["openai_api_key"]);
        Assert.Null(openAiModel["openai_config"]!["openai_api_key_plaintext"]);
        var anthropicModel = entities[1]!["external_model"]!;
        Assert.Equal(("claude-3-opus-20240229", "anthropic", "llm/v1/chat"), ((string?)anthropicModel["name"], (string?)anthropicModel["provider"], (string?)anthropicModel["task"]));
        Assert.Equal(AnthropicKeyReference, (string?)anthropicModel["anthropic_config"]!["anthropic_api_key"]);
        Assert.Null(entities[0]!["workload_size"]);
        var routes = endpoint["config"]!["traffic_config"]!["routes"]!.AsArray();
        Assert.Equal(["served_model_name_1:50", "served_model_name_2:50"], routes.Select(r => $"{(string?)r!["served_model_name"]}:{(int)r["traffic_percentage"]!}"));

        // Chat through the split, whole: the stand-in's reply, who answered, and the usage.
        await page.GetByLabel("System message").FillAsync("Answer briefly.");
        await page.GetByLabel("User message").FillAsync("Hello!");
        await page.GetByLabel("max_tokens").FillAsync("32");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        // The Anthropic stand-in puts the system message it was sent before its reply; OpenAI's does not.
        await Expect(page.GetByTestId("chat-answer")).ToHaveTextAsync(new Regex($"^(\\(Answer briefly\\.\\) )?{Regex.Escape(openAi.Reply)}$"));
        await Expect(page.GetByTestId("query-meta")).ToContainTextAsync(new Regex("Answered by served entity: served_model_name_[12] · usage: \\d+ prompt \\+ \\d+ completion = \\d+ tokens"));
        await UiFixture.ScreenshotAsync(page, "22-external-chat");

        // Each provider in turn, streamed: the chunks join to the reply; the header names the entity.
        foreach (var (entity, standIn, prefix) in new (string, ProviderStandIn, string)[] { ("served_model_name_1", openAi, ""), ("served_model_name_2", anthropic, "(Answer briefly.) ") })
        {
            var before = standIn.Requests.Count;
            await page.GetByLabel("Send to").SelectOptionAsync(entity);
            await page.GetByLabel("Stream the answer").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
            await Expect(page.GetByTestId("query-meta")).ToContainTextAsync(new Regex($"Answered by served entity: {entity} · streamed in \\d+ chunks"));
            await Expect(page.GetByTestId("chat-answer")).ToHaveTextAsync(prefix + standIn.Reply);
            Assert.Equal(before + 1, standIn.Requests.Count);
            Assert.True((bool?)standIn.LastRequest.Body!["stream"]);
        }

        await UiFixture.ScreenshotAsync(page, "23-external-chat-streamed");

        // Edit configuration keeps the providers and references; a 70/30 split saves as config_version 2.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit configuration" }).ClickAsync();
        await Expect(Row(page, 1).GetByLabel(ProviderLabel)).ToHaveValueAsync("anthropic");
        await Expect(Row(page, 0).GetByLabel("OpenAI API key")).ToHaveValueAsync(OpenAiKeyReference);
        await Row(page, 0).GetByLabel("Traffic %").FillAsync("70");
        await Row(page, 1).GetByLabel("Traffic %").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 2", new() { Timeout = 60_000 });
        var edited = await server.WaitUntilReadyAsync("mix-chat-endpoint");
        Assert.Equal(AnthropicKeyReference, (string?)edited["config"]!["served_entities"]![1]!["external_model"]!["anthropic_config"]!["anthropic_api_key"]);
        Assert.Equal([70, 30], edited["config"]!["traffic_config"]!["routes"]!.AsArray().Select(r => (int)r!["traffic_percentage"]!));
    }

    [Fact]
    public async Task CreateForm_At390Pixels_FitsTheWidthForEveryKind()
    {
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, width: 390);
        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add served entity" }).ClickAsync();
        await Expect(Row(page, 0).GetByLabel("Workload size")).ToBeVisibleAsync();
        Assert.True(await FitsAsync(page), "the custom-model form is wider than 390 px");
        await UiFixture.ScreenshotAsync(page, "24-create-narrow-custom");

        await Row(page, 0).GetByLabel("Kind of entity").SelectOptionAsync("external");
        await Row(page, 0).GetByLabel(ProviderLabel).SelectOptionAsync("openai");
        await Row(page, 0).GetByLabel("OpenAI API type").SelectOptionAsync("azure");
        await Expect(Row(page, 0).GetByLabel("Deployment name")).ToBeVisibleAsync();
        await Expect(Row(page, 1).GetByLabel("Kind of entity")).ToHaveValueAsync("external");
        Assert.True(await FitsAsync(page), "the external-model form is wider than 390 px");
        await UiFixture.ScreenshotAsync(page, "25-create-narrow-external");

        // Keyboard: the kind select, the served name and the provider are reached by Tab in order.
        await Row(page, 0).GetByLabel("Kind of entity").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(Row(page, 0).GetByLabel("Served entity name")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(Row(page, 0).GetByLabel(ProviderLabel)).ToBeFocusedAsync();

        await Row(page, 0).GetByLabel("Kind of entity").SelectOptionAsync("foundation");
        await Expect(Row(page, 0).GetByLabel("Max tokens/s")).ToBeVisibleAsync();
        Assert.True(await FitsAsync(page), "the foundation-model form is wider than 390 px");
        await UiFixture.ScreenshotAsync(page, "26-create-narrow-foundation");
    }

    // The provider select's label starts with "Provider"; other labels only mention the provider later on.
    private static readonly Regex ProviderLabel = new("^Provider");

    internal static ILocator Row(IPage page, int index) => page.Locator($"[data-row='{index}']");

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    private static async Task FillExternalAsync(IPage page, int index, string name, string provider, string model, string keyLabel, string key, int percent)
    {
        var row = Row(page, index);
        await row.GetByLabel("Served entity name").FillAsync(name);
        await row.GetByLabel(ProviderLabel).SelectOptionAsync(provider);
        await row.GetByLabel("Model id at the provider").FillAsync(model);
        await row.GetByLabel("Task").SelectOptionAsync("llm/v1/chat");
        await row.GetByLabel(keyLabel).FillAsync(key);
        await row.GetByLabel("Traffic %").FillAsync(percent.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
