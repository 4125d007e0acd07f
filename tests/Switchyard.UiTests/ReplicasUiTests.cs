using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.Testing;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// The endpoint page's Replicas card: for an admin, each live replica with the config version it
/// serves (one machine here: this replica alone), following an update without a reload; a caller
/// outside admins does not get the card, since the route is for admins.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class ReplicasUiTests(UiFixture ui)
{
    [Fact]
    public async Task ReplicasCard_ShowsWhichConfigVersionEachReplicaServes_AndFollowsAnUpdate()
    {
        var endpoint = await ApiEndpoints.CreateAsync(ui.Server, "replicas-ui");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);
        await page.GotoAsync("/ui/#/endpoints/replicas-ui");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Replicas" });
        var rows = card.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("(answering this page)");
        await Expect(rows.First.Locator("td[data-label='Serves config_version']")).ToHaveTextAsync("1");

        await ApiAssert.OkJsonAsync(await ui.Server.PutJsonAsync("/api/2.0/serving-endpoints/replicas-ui/config", JsonNode.Parse("""
            {"served_entities": [{"name": "next", "entity_name": "catalog.schema.model-B", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}]}
            """)!));
        await Expect(rows.First.Locator("td[data-label='Serves config_version']")).ToHaveTextAsync("2", new() { Timeout = 30_000 });
        await AxeScan.AssertCleanAsync(page, "endpoint-replicas");

        var (_, token) = await ui.Server.CreateUserWithTokenAsync("replicas-viewer@example.com");
        await ApiAssert.OkJsonAsync(await ui.Server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{(string)endpoint["id"]!}", new JsonObject
        {
            ["access_control_list"] = new JsonArray(new JsonObject { ["user_name"] = "replicas-viewer@example.com", ["permission_level"] = "CAN_VIEW" }),
        }.ToJsonString()));
        var viewer = await ui.SignedInPageAsync(token);
        await viewer.GotoAsync("/ui/#/endpoints/replicas-ui");
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Config history" })).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Replicas" })).ToHaveCountAsync(0);
    }
}
