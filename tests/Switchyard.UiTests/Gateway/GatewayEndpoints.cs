using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;

namespace Switchyard.UiTests.Gateway;

/// <summary>Endpoints and queries the gateway UI tests set up over HTTP, and their two-width screenshots.</summary>
public static class GatewayEndpoints
{
    /// <summary>A row of the sample models' four inputs, as the tiny custom models take it.</summary>
    public const string QueryBody = """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[1, 2, 3, 4]]}}""";

    /// <summary>Creates an endpoint serving model-A as "champion" and model-B as "challenger", half the traffic each, and waits until it is ready.</summary>
    public static async Task CreateSplitAsync(ServerUnderTest server, string name)
    {
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", JsonNode.Parse("""
            {"name": "ENDPOINT", "config": {
              "served_entities": [
                {"name": "champion", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": true},
                {"name": "challenger", "entity_name": "catalog.schema.model-B", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": true}],
              "traffic_config": {"routes": [
                {"served_entity_name": "champion", "traffic_percentage": 50},
                {"served_entity_name": "challenger", "traffic_percentage": 50}]}}}
            """.Replace("ENDPOINT", name, StringComparison.Ordinal))!));
        await server.WaitUntilReadyAsync(name);
    }

    /// <summary>Queries one served entity of <paramref name="endpoint"/> and checks the answer is a 200.</summary>
    public static async Task QueryEntityAsync(ServerUnderTest server, string endpoint, string entity, string body = QueryBody) =>
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"/serving-endpoints/{endpoint}/served-models/{entity}/invocations", JsonNode.Parse(body)!));

    /// <summary>Saves the page at 1280 px and at 390 px wide (name-1280, name-390), then goes back to 1280 px.</summary>
    public static async Task ScreenshotBothWidthsAsync(IPage page, string name)
    {
        await UiFixture.ScreenshotAsync(page, name + "-1280");
        await page.SetViewportSizeAsync(390, 900);
        await UiFixture.ScreenshotAsync(page, name + "-390");
        await page.SetViewportSizeAsync(1280, 900);
    }

    /// <summary>
    /// The controls in <paramref name="scope"/> that a keyboard cannot reach (a negative tabindex)
    /// or that have no accessible name (no label, aria-label or text): both lists should be empty.
    /// </summary>
    public static Task<string[]> UnreachableOrUnlabelledAsync(ILocator scope) =>
        scope.EvaluateAsync<string[]>("""
            (root) => [...root.querySelectorAll('input, select, textarea, button, a[href]')]
              .filter((el) => el.getClientRects().length > 0)
              .filter((el) => el.tabIndex < 0
                || !((el.labels && el.labels.length && el.labels[0].textContent.trim()) || el.getAttribute('aria-label') || el.textContent.trim()))
              .map((el) => el.outerHTML.slice(0, 120))
            """);
}
