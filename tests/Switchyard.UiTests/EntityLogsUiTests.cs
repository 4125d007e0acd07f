using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>The endpoint page shows each served entity's build logs and logs on demand.</summary>
[Collection(UiCollection.Name)]
public sealed class EntityLogsUiTests(UiFixture ui)
{
    [Fact]
    public async Task EndpointPage_BuildLogsAndLogsToggles_ShowTheEntitysLines()
    {
        var created = await ui.Server.PostJsonAsync("/api/2.0/serving-endpoints", JsonNode.Parse("""
            {"name": "logs-ui", "config": {"served_entities": [
              {"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": true}]}}
            """)!);
        await ApiAssert.OkJsonAsync(created);
        await ui.Server.WaitUntilReadyAsync("logs-ui");
        // A bad request, so the runtime log has a line: refusals of bad input are counted per second.
        var refused = await ui.Server.PostJsonAsync("/serving-endpoints/logs-ui/invocations", JsonNode.Parse("""{"dataframe_records": [{"x1": "not a number"}]}""")!);
        Assert.Equal(400, (int)refused.StatusCode);

        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/logs-ui");
        var entity = page.GetByTestId("current-config").Locator("[data-entity='current']");
        var panel = entity.GetByTestId("entity-logs");
        await Expect(panel).ToBeHiddenAsync();

        var buildLogs = entity.GetByRole(AriaRole.Button, new() { Name = "Build logs" });
        await buildLogs.ClickAsync();
        await Expect(buildLogs).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(panel).ToContainTextAsync("Checking the artifact of catalog.schema.model-A version 1");
        await Expect(panel).ToContainTextAsync("the entity is ready");

        await entity.GetByRole(AriaRole.Button, new() { Name = "Logs", Exact = true }).ClickAsync();
        await Expect(buildLogs).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(panel).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Z 1 × 400 BAD_REQUEST"));
        await UiFixture.ScreenshotAsync(page, "entity-logs");

        await entity.GetByRole(AriaRole.Button, new() { Name = "Logs", Exact = true }).ClickAsync();
        await Expect(panel).ToBeHiddenAsync();
    }
}
