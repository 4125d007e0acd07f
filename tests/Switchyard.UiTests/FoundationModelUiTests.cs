using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchyard.SampleModels.Gguf;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// A provisioned-throughput endpoint created in the UI from a tiny GGUF model: the form shows the
/// version's chunk and measured rate, refuses a band that is not a multiple of the chunk before
/// sending it, and the chat panel queries the engine.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class FoundationModelUiTests(UiFixture ui)
{
    [Fact]
    public async Task TinyGgufEndpoint_CreatedWithABandAndQueriedInTheChatPanel()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var source = Path.Combine(server.DataDir, "test-sources", "tiny.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        TinyLlamaModels.WriteDense(source, seed: 3);
        await server.RegisterModelVersionAsync("system.ai.tiny", source);
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, server: server);

        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("tiny-pt");
        var row = page.Locator("[data-row='0']");
        await row.GetByLabel("Kind of entity").SelectOptionAsync("foundation");
        await row.GetByLabel("Served entity name").FillAsync("tiny-1");
        await row.GetByLabel("Registered model").SelectOptionAsync("system.ai.tiny");
        await row.GetByLabel("Version").SelectOptionAsync("1");
        await Expect(page.GetByTestId("throughput-info-0")).ToContainTextAsync(
            new Regex("Throughput chunk: 20 tokens/s .* · [\\d.]+ tokens/s measured on this host"), new() { Timeout = 60_000 });

        // 30 is not a multiple of the 20-token chunk: said next to the field, nothing sent.
        await row.GetByLabel("Min tokens/s").FillAsync("0");
        await row.GetByLabel("Max tokens/s").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(page.Locator("[data-error-for='served_entities[0].max_provisioned_throughput']"))
            .ToContainTextAsync("must be a multiple of the throughput chunk of 20 tokens/s (for example 20 or 40)");
        await UiFixture.ScreenshotAsync(page, "30-foundation-create-band-error");
        var listed = await server.GetOkJsonAsync("/api/2.0/serving-endpoints");
        Assert.Empty(listed["endpoints"]?.AsArray() ?? []);

        await row.GetByLabel("Max tokens/s").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "tiny-pt", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 120_000 });
        var entity = page.GetByTestId("current-config").Locator("[data-entity='tiny-1']");
        await Expect(entity.GetByTestId("band")).ToHaveTextAsync("0–40 tokens/s");
        await Expect(entity.GetByTestId("chunk")).ToHaveTextAsync("20 tokens/s");

        var endpoint = await server.GetOkJsonAsync("/api/2.0/serving-endpoints/tiny-pt");
        var served = endpoint["config"]!["served_entities"]![0]!;
        Assert.Equal(("system.ai.tiny", "1", 0, 40), ((string?)served["entity_name"], (string?)served["entity_version"], (int)served["min_provisioned_throughput"]!, (int)served["max_provisioned_throughput"]!));
        Assert.Null(served["workload_size"]);

        // The chat panel, whole then streamed: the engine answers, within max_tokens.
        await page.GetByLabel("User message").FillAsync("Hi");
        await page.GetByLabel("max_tokens").FillAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(page.GetByTestId("query-meta")).ToContainTextAsync(
            new Regex("Answered by served entity: tiny-1 · usage: \\d+ prompt \\+ [1-6] completion = \\d+ tokens"), new() { Timeout = 60_000 });
        await UiFixture.ScreenshotAsync(page, "31-foundation-chat");

        await page.GetByLabel("Stream the answer").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(page.GetByTestId("query-meta")).ToContainTextAsync(
            new Regex("Answered by served entity: tiny-1 · streamed in [0-6] chunks"), new() { Timeout = 60_000 });
        await UiFixture.ScreenshotAsync(page, "32-foundation-chat-streamed");

        // Edit configuration reads the entity back as a foundation model with its band.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit configuration" }).ClickAsync();
        await Expect(row.GetByLabel("Kind of entity")).ToHaveValueAsync("foundation");
        await Expect(row.GetByLabel("Registered model")).ToHaveValueAsync("system.ai.tiny");
        await Expect(row.GetByLabel("Max tokens/s")).ToHaveValueAsync("40");
        await Expect(page.GetByTestId("throughput-info-0")).ToContainTextAsync("Throughput chunk: 20 tokens/s");
    }
}
