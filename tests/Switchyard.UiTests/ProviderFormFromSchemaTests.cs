using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.Providers;
using Switchyard.Testing.Providers;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// The external-model form is drawn from <c>GET /api/2.0/external-providers</c>: a provider the UI's
/// code has never heard of (<see cref="EchoProvider"/>, added to the server only) is offered with
/// its own fields and tasks, and an endpoint created through it answers; a nested block's stored
/// key is kept on edit like a top-level one.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class ProviderFormFromSchemaTests(UiFixture ui)
{
    [Fact]
    public async Task AddedProvider_IsOfferedWithItsFields_AndAnEndpointMadeWithItAnswers()
    {
        await using var server = await ServerUnderTest.StartAsync(services => services.AddExternalProvider<EchoProvider>());
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, server: server);
        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("echo-ui");
        var row = ExternalModelsUiTests.Row(page, 0);
        await row.GetByLabel("Kind of entity").SelectOptionAsync("external");

        var provider = row.Locator("select[name='served_entities[0].external_model.provider']");
        var offered = await provider.Locator("option").AllTextContentsAsync();
        Assert.Contains("echo", offered);
        Assert.Contains("openai", offered);
        await provider.SelectOptionAsync("echo");
        var greeting = row.GetByLabel("Greeting");
        await Expect(greeting).ToHaveAttributeAsync("name", "served_entities[0].external_model.echo_config.greeting");
        await Expect(greeting).ToHaveAttributeAsync("placeholder", "Hello");
        await Expect(row.GetByLabel("Echo API key (secret reference, optional)")).ToHaveAttributeAsync("placeholder", "{{secrets/<scope>/<key>}}");
        Assert.Equal(["llm/v1/chat"], await row.GetByLabel("Task").Locator("option").AllTextContentsAsync());
        // A field of another provider is not drawn for this one.
        await Expect(row.GetByLabel("OpenAI API key")).ToHaveCountAsync(0);
        await UiFixture.ScreenshotAsync(page, "27-create-added-provider");

        // Without the greeting the server's 400 lands next to the field the schema drew.
        await row.GetByLabel("Served entity name").FillAsync("echo");
        await row.GetByLabel("Model id at the provider").FillAsync("echo-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(page.Locator("[data-error-for='served_entities[0].external_model.echo_config.greeting']")).ToContainTextAsync("is required");

        await greeting.FillAsync("Hello,");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "echo-ui", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });

        var endpoint = await server.GetOkJsonAsync("/api/2.0/serving-endpoints/echo-ui");
        var external = endpoint["config"]!["served_entities"]![0]!["external_model"]!;
        Assert.Equal(("echo", "echo-1", "Hello,"), ((string?)external["provider"], (string?)external["name"], (string?)external["echo_config"]!["greeting"]));
        await page.GetByLabel("User message").FillAsync("ping");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(page.GetByTestId("chat-answer")).ToHaveTextAsync("Hello, ping");
    }

    [Fact]
    public async Task EditConfiguration_KeepsALiteralKeyOfANestedBlockWithoutRetypingIt()
    {
        await using var openAi = await OpenAiStandIn.StartAsync();
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = "custom-kept",
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "local",
                    ["external_model"] = new JsonObject
                    {
                        ["name"] = "llama3", ["provider"] = "custom", ["task"] = "llm/v1/chat",
                        ["custom_provider_config"] = new JsonObject
                        {
                            ["custom_provider_url"] = openAi.BaseUrl,
                            ["bearer_token_auth"] = new JsonObject { ["token_plaintext"] = openAi.ApiKey },
                        },
                    },
                }),
            },
        }));
        await server.WaitUntilReadyAsync("custom-kept");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, server: server);

        await page.GotoAsync("/ui/#/endpoints/custom-kept/edit");
        var row = ExternalModelsUiTests.Row(page, 0);
        var token = row.GetByLabel("Bearer token (secret reference, optional)");
        await Expect(token).ToHaveValueAsync("");
        await Expect(token).ToHaveAttributeAsync("placeholder", "A key is stored: leave empty to keep it");
        await Expect(row.GetByLabel("Provider base URL")).ToHaveValueAsync(openAi.BaseUrl);
        await row.GetByLabel("Model id at the provider").FillAsync("llama3.1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 2", new() { Timeout = 60_000 });

        var edited = await server.WaitUntilReadyAsync("custom-kept");
        Assert.Equal("llama3.1", (string?)edited["config"]!["served_entities"]![0]!["external_model"]!["name"]);
        var answer = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/custom-kept/invocations",
            JsonNode.Parse("""{"messages": [{"role": "user", "content": "Hi"}]}""")!));
        Assert.Equal(openAi.Reply, (string?)answer["choices"]![0]!["message"]!["content"]);
        Assert.Equal($"Bearer {openAi.ApiKey}", openAi.LastRequest.Header("Authorization"));
    }
}
