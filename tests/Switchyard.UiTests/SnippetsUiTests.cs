using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.Testing.Providers;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// The endpoint page's "Use this endpoint" card: each example copied with its Copy button holds this
/// server's address, the endpoint's name and its input shape and never the token; the copied curl
/// example, run by a shell against the server, gets the model's answer, for the endpoint and for a
/// served entity's pinned route; for a custom model and for an external chat model.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class SnippetsUiTests(UiFixture ui)
{
    [Fact]
    public async Task CustomModelEndpoint_ExamplesCarryTheSignaturesInputAndTheCurlOneAnswers()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "snippets-custom");
        var page = await OpenAsync(ui.Server, "snippets-custom");
        var card = Card(page);
        var host = ui.Server.Host;

        // A custom model has no OpenAI example: its languages are curl, the SDK and MLflow.
        await Expect(card.GetByRole(AriaRole.Tab)).ToHaveTextAsync(["curl", "Python (databricks-sdk)", "MLflow"]);
        await Expect(card.GetByTestId("snippet-route")).ToContainTextAsync($"POST {host}/serving-endpoints/snippets-custom/invocations");
        await Expect(card).ToContainTextAsync("DATABRICKS_TOKEN");

        // model-A's signature takes four double columns x1..x4: the example row is 1, 2, 3, 4.
        var curl = await CopyAsync(page, "curl");
        Assert.Contains($"'{host}/serving-endpoints/snippets-custom/invocations'", curl, StringComparison.Ordinal);
        Assert.Equal("""{"dataframe_split":{"columns":["x1","x2","x3","x4"],"data":[[1,2,3,4]]}}""", CurlBody(curl));
        Assert.Contains("Bearer $DATABRICKS_TOKEN", curl, StringComparison.Ordinal);

        var sdk = await CopyAsync(page, "Python (databricks-sdk)");
        Assert.Contains($"WorkspaceClient(host=\"{host}\", token=os.environ[\"DATABRICKS_TOKEN\"])", sdk, StringComparison.Ordinal);
        Assert.Contains("w.serving_endpoints.query(", sdk, StringComparison.Ordinal);
        Assert.Contains("name=\"snippets-custom\"", sdk, StringComparison.Ordinal);
        Assert.Contains("dataframe_split=DataframeSplitInput(columns=[\"x1\", \"x2\", \"x3\", \"x4\"], data=[[1, 2, 3, 4]])", sdk, StringComparison.Ordinal);

        var mlflow = await CopyAsync(page, "MLflow");
        Assert.Contains($"os.environ[\"DATABRICKS_HOST\"] = \"{host}\"", mlflow, StringComparison.Ordinal);
        Assert.Contains("get_deploy_client(\"databricks\")", mlflow, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"snippets-custom\"", mlflow, StringComparison.Ordinal);
        Assert.Contains("\"dataframe_split\": {\"columns\": [\"x1\", \"x2\", \"x3\", \"x4\"], \"data\": [[1, 2, 3, 4]]}", mlflow, StringComparison.Ordinal);

        foreach (var snippet in new[] { curl, sdk, mlflow })
        {
            Assert.DoesNotContain(ServerUnderTest.AdminToken, snippet, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(ServerUnderTest.AdminToken, await page.ContentAsync(), StringComparison.Ordinal);

        // The curl example as copied, run by a shell: model-A answers 1 + 2·2 + 3·3 + 4·4 + 0.5.
        var (status, body) = await RunCurlAsync(curl);
        Assert.Equal(200, status);
        Assert.Equal(30.5, (double)JsonNode.Parse(body)!["predictions"]![0]!["variable"]!);
        await card.GetByRole(AriaRole.Tab, new() { Name = "curl" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToBeEmptyAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Copy the curl example" }).ClickAsync();
        await ScreenshotAsync(card, "snippets-1280");

        // The pinned route of served entity "only": curl and the SDK's API client; MLflow names only endpoints.
        await card.GetByLabel("Example for").SelectOptionAsync("only");
        await Expect(card.GetByTestId("snippet-route")).ToContainTextAsync($"POST {host}/serving-endpoints/snippets-custom/served-models/only/invocations");
        await Expect(card.GetByRole(AriaRole.Tab)).ToHaveTextAsync(["curl", "Python (databricks-sdk)"]);
        var pinnedCurl = await CopyAsync(page, "curl");
        Assert.Contains($"'{host}/serving-endpoints/snippets-custom/served-models/only/invocations'", pinnedCurl, StringComparison.Ordinal);
        Assert.Equal(CurlBody(curl), CurlBody(pinnedCurl));
        var pinnedSdk = await CopyAsync(page, "Python (databricks-sdk)");
        Assert.Contains("w.api_client.do(", pinnedSdk, StringComparison.Ordinal);
        Assert.Contains("\"/serving-endpoints/snippets-custom/served-models/only/invocations\"", pinnedSdk, StringComparison.Ordinal);
        Assert.Contains("body={", pinnedSdk, StringComparison.Ordinal);
        Assert.Contains("\"dataframe_split\": {\"columns\": [\"x1\", \"x2\", \"x3\", \"x4\"], \"data\": [[1, 2, 3, 4]]}", pinnedSdk, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerUnderTest.AdminToken, pinnedCurl + pinnedSdk, StringComparison.Ordinal);
        (status, body) = await RunCurlAsync(pinnedCurl);
        Assert.Equal(200, status);
        Assert.Equal(30.5, (double)JsonNode.Parse(body)!["predictions"]![0]!["variable"]!);
    }

    [Fact]
    public async Task ExternalChatEndpoint_ExamplesSendAChatAndTheCurlOneGetsTheProvidersReply()
    {
        await using var openAi = await OpenAiStandIn.StartAsync();
        await using var server = await ServerUnderTest.StartAsync(extraArgs: [$"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}"]);
        await server.PutSecretAsync("llm", "openai", openAi.ApiKey);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = "snippets-chat",
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "gpt",
                    ["external_model"] = new JsonObject
                    {
                        ["name"] = "gpt-4o-mini", ["provider"] = "openai", ["task"] = "llm/v1/chat",
                        ["openai_config"] = new JsonObject { ["openai_api_key"] = "{{secrets/llm/openai}}" },
                    },
                }),
            },
        }));
        await server.WaitUntilReadyAsync("snippets-chat");
        var page = await OpenAsync(server, "snippets-chat");
        var card = Card(page);
        var host = server.Host;

        await Expect(card.GetByRole(AriaRole.Tab)).ToHaveTextAsync(["curl", "Python (databricks-sdk)", "MLflow", "OpenAI client"]);
        const string Chat = """{"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 64}""";
        var curl = await CopyAsync(page, "curl");
        Assert.Contains($"'{host}/serving-endpoints/snippets-chat/invocations'", curl, StringComparison.Ordinal);
        Assert.Contains($"-d '{Chat}'", curl, StringComparison.Ordinal);

        var sdk = await CopyAsync(page, "Python (databricks-sdk)");
        Assert.Contains($"WorkspaceClient(host=\"{host}\", token=os.environ[\"DATABRICKS_TOKEN\"])", sdk, StringComparison.Ordinal);
        Assert.Contains("from databricks.sdk.service.serving import ChatMessage, ChatMessageRole", sdk, StringComparison.Ordinal);
        Assert.Contains("name=\"snippets-chat\"", sdk, StringComparison.Ordinal);
        Assert.Contains("messages=[ChatMessage(role=ChatMessageRole.USER, content=\"Hello\")]", sdk, StringComparison.Ordinal);
        Assert.Contains("max_tokens=64", sdk, StringComparison.Ordinal);

        var mlflow = await CopyAsync(page, "MLflow");
        Assert.Contains($"os.environ[\"DATABRICKS_HOST\"] = \"{host}\"", mlflow, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"snippets-chat\"", mlflow, StringComparison.Ordinal);
        Assert.Contains($"inputs={Chat}", mlflow, StringComparison.Ordinal);

        var openAiClient = await CopyAsync(page, "OpenAI client");
        Assert.Contains($"OpenAI(api_key=os.environ[\"DATABRICKS_TOKEN\"], base_url=\"{host}/serving-endpoints\")", openAiClient, StringComparison.Ordinal);
        Assert.Contains("client.chat.completions.create(", openAiClient, StringComparison.Ordinal);
        Assert.Contains("model=\"snippets-chat\"", openAiClient, StringComparison.Ordinal);
        Assert.Contains("messages=[{\"role\": \"user\", \"content\": \"Hello\"}]", openAiClient, StringComparison.Ordinal);
        await ScreenshotAsync(card, "snippets-llm-1280");

        foreach (var snippet in new[] { curl, sdk, mlflow, openAiClient })
        {
            Assert.DoesNotContain(ServerUnderTest.AdminToken, snippet, StringComparison.Ordinal);
            Assert.DoesNotContain(openAi.ApiKey, snippet, StringComparison.Ordinal);
        }

        // The copied curl example reaches the provider through the server and brings back its reply.
        var (status, body) = await RunCurlAsync(curl, server);
        Assert.Equal(200, status);
        Assert.Equal(openAi.Reply, (string?)JsonNode.Parse(body)!["choices"]![0]!["message"]!["content"]);
        Assert.Equal("Hello", (string?)openAi.LastRequest.Body!["messages"]![0]!["content"]);
        Assert.Equal(64, (int)openAi.LastRequest.Body!["max_tokens"]!);

        // The pinned route of served entity "gpt".
        await card.GetByLabel("Example for").SelectOptionAsync("gpt");
        await Expect(card.GetByRole(AriaRole.Tab)).ToHaveTextAsync(["curl", "Python (databricks-sdk)"]);
        var pinned = await CopyAsync(page, "curl");
        Assert.Contains($"'{host}/serving-endpoints/snippets-chat/served-models/gpt/invocations'", pinned, StringComparison.Ordinal);
        Assert.Contains($"-d '{Chat}'", pinned, StringComparison.Ordinal);
        var before = openAi.Requests.Count;
        (status, body) = await RunCurlAsync(pinned, server);
        Assert.Equal(200, status);
        Assert.Equal(openAi.Reply, (string?)JsonNode.Parse(body)!["choices"]![0]!["message"]!["content"]);
        Assert.Equal(before + 1, openAi.Requests.Count);
    }

    [Fact]
    public async Task LanguageTabs_FollowTheKeyboardAndTheCardFits390Pixels()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "snippets-narrow");
        var page = await OpenAsync(ui.Server, "snippets-narrow", width: 390);
        var card = Card(page);
        var curlTab = card.GetByRole(AriaRole.Tab, new() { Name = "curl" });
        var sdkTab = card.GetByRole(AriaRole.Tab, new() { Name = "Python (databricks-sdk)" });
        var mlflowTab = card.GetByRole(AriaRole.Tab, new() { Name = "MLflow" });
        await curlTab.ClickAsync();

        // Arrow keys, Home and End move the selection and the focus; only the chosen panel shows.
        await curlTab.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(sdkTab).ToBeFocusedAsync();
        await Expect(sdkTab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(card.Locator("[data-snippet='python']")).ToBeVisibleAsync();
        await Expect(card.Locator("[data-snippet='curl']")).ToBeHiddenAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(mlflowTab).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(curlTab).ToBeFocusedAsync();
        await Expect(curlTab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(sdkTab).ToHaveAttributeAsync("tabindex", "-1");

        // Tab leaves the tab list for the panel's Copy button; Enter copies and the status says so.
        await page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Copy the curl example" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied the curl example to the clipboard.");

        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width} px wide at 390 px");
        await ScreenshotAsync(card, "snippets-390");
    }

    [Fact]
    public async Task Copy_WithoutTheClipboardApi_FallsBackToTheSelectionCopy()
    {
        await ApiEndpoints.CreateAsync(ui.Server, "snippets-insecure");
        var page = await OpenAsync(ui.Server, "snippets-insecure");

        // A page served over plain http from another host has no navigator.clipboard; play that here.
        await page.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });");
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => navigator.clipboard === undefined"));
        var card = Card(page);
        await card.GetByRole(AriaRole.Tab, new() { Name = "curl" }).ClickAsync();
        var copy = card.GetByRole(AriaRole.Button, new() { Name = "Copy the curl example" });
        await copy.ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied the curl example to the clipboard.");
        await Expect(copy).ToBeFocusedAsync();

        // Read the clipboard from a second page of the same browser context, which has the API.
        var reader = await page.Context.NewPageAsync();
        await reader.GotoAsync("/ui/");
        var copied = await reader.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(await card.Locator("[data-snippet='curl']").TextContentAsync(), copied);
        Assert.Contains("/serving-endpoints/snippets-insecure/invocations", copied, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShellQuoting_KeepsEveryCharacterOfTheBodyLiteral()
    {
        var page = await ui.NewPageAsync();
        await page.GotoAsync("/ui/");
        const string Text = "it's \"$HOME\" `date` \\n ''";
        var quoted = await page.EvaluateAsync<string>("async (text) => (await import('/ui/js/snippets/literals.js')).shellQuote(text)", Text);
        var (exit, output, error) = await RunShellAsync($"printf '%s' {quoted}", new Dictionary<string, string>());
        Assert.True(exit == 0, error);
        Assert.Equal(Text, output);
    }

    /// <summary>The JSON in a curl example's single-quoted -d argument, compacted (the examples here have no ' in them).</summary>
    private static string CurlBody(string curl)
    {
        var start = curl.IndexOf("-d '", StringComparison.Ordinal) + 4;
        return JsonNode.Parse(curl[start..curl.LastIndexOf('\'')])!.ToJsonString();
    }

    /// <summary>The card alone: the endpoint page is long, and the examples are what this shows.</summary>
    private static Task ScreenshotAsync(ILocator card, string name) =>
        card.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(UiFixture.ScreenshotDir, name + ".png") });

    private static ILocator Card(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Use this endpoint" });

    private async Task<IPage> OpenAsync(ServerUnderTest server, string endpoint, int width = 1280)
    {
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, width, server);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GotoAsync($"/ui/#/endpoints/{endpoint}");
        await Expect(Card(page).GetByRole(AriaRole.Tab).First).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Chooses the language, presses its Copy button, and answers what the clipboard then holds: the shown example.</summary>
    private static async Task<string> CopyAsync(IPage page, string language)
    {
        var card = Card(page);
        await card.GetByRole(AriaRole.Tab, new() { Name = language, Exact = true }).ClickAsync();
        var panel = card.GetByRole(AriaRole.Tabpanel);
        await card.GetByRole(AriaRole.Button, new() { Name = $"Copy the {language} example" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Copied the {language} example to the clipboard.");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(await panel.Locator("pre > code").TextContentAsync(), copied);
        return copied;
    }

    private Task<(int Status, string Body)> RunCurlAsync(string snippet) => RunCurlAsync(snippet, ui.Server);

    /// <summary>
    /// Runs the copied curl example unchanged with /bin/sh, DATABRICKS_TOKEN set to the admin's token and
    /// nothing else of the server's in the environment. A .curlrc in CURL_HOME adds the HTTP status as the
    /// last line of the output, so the example's own text stays as the user would paste it.
    /// </summary>
    private static async Task<(int Status, string Body)> RunCurlAsync(string snippet, ServerUnderTest server)
    {
        var curlHome = Path.Combine(server.DataDir, "curl-home");
        Directory.CreateDirectory(curlHome);
        await File.WriteAllTextAsync(Path.Combine(curlHome, ".curlrc"), "silent\nshow-error\nwrite-out = \"\\n%{http_code}\"\n");
        var (exit, output, error) = await RunShellAsync(snippet, new Dictionary<string, string>
        {
            ["DATABRICKS_TOKEN"] = ServerUnderTest.AdminToken,
            ["CURL_HOME"] = curlHome,
        });
        Assert.True(exit == 0, $"curl exited {exit}: {error}");
        var cut = output.LastIndexOf('\n');
        return (int.Parse(output[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture), output[..cut]);
    }

    private static async Task<(int Exit, string Output, string Error)> RunShellAsync(string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Remove("DATABRICKS_TOKEN");
        start.Environment.Remove("DATABRICKS_HOST");
        start.Environment.Remove("HOST");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
