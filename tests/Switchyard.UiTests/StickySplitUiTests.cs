using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// Settings of the split the form has no field for are not lost by it: sticky assignment and
/// segments are sent back on save, and a basis-point split (a canary under 1%) is shown in percent on the page and
/// not offered for editing, rather than rounded away by a form that works in whole percentages.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class StickySplitUiTests(UiFixture ui)
{
    [Fact]
    public async Task EditConfiguration_KeepsStickyAssignmentAndSegments()
    {
        const string Segments = """[{"name":"staff","match":{"group":"admins"},"routes":[{"served_entity_name":"only","traffic_percentage":100}]}]""";
        await CreateAsync("sticky-ui", new JsonObject
        {
            ["routes"] = new JsonArray(new JsonObject { ["served_entity_name"] = "only", ["traffic_percentage"] = 100 }),
            ["sticky"] = new JsonObject { ["header"] = "x-user-id", ["salt"] = "ui-salt" },
            ["segments"] = JsonNode.Parse(Segments),
        });
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);

        await page.GotoAsync("/ui/#/endpoints/sticky-ui/edit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit configuration: sticky-ui" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();

        var endpoint = await WaitForVersionAsync("sticky-ui", 2);
        Assert.Equal("""{"header":"x-user-id","salt":"ui-salt"}""", endpoint["config"]!["traffic_config"]!["sticky"]!.ToJsonString());
        Assert.Equal(Segments, endpoint["config"]!["traffic_config"]!["segments"]!.ToJsonString());
    }

    [Fact]
    public async Task BasisPointSplit_IsShownInPercent_AndNotOfferedForEditing()
    {
        await CreateAsync("canary-ui", new JsonObject
        {
            ["routes"] = new JsonArray(new JsonObject { ["served_entity_name"] = "only", ["traffic_basis_points"] = 10000 }),
        });
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);

        await page.GotoAsync("/ui/#/endpoints/canary-ui");
        await Expect(page.GetByTestId("current-config").GetByTestId("split-key")).ToHaveTextAsync("only 100%");

        await page.GotoAsync("/ui/#/endpoints/canary-ui/edit");
        await Expect(page.GetByText("splits its traffic in basis points")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" })).ToHaveCountAsync(0);
    }

    private async Task CreateAsync(string name, JsonObject traffic)
    {
        await ApiAssert.OkJsonAsync(await ui.Server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = name,
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "only",
                    ["entity_name"] = "catalog.schema.model-A",
                    ["entity_version"] = "1",
                    ["workload_size"] = "Small",
                    ["scale_to_zero_enabled"] = true,
                }),
                ["traffic_config"] = traffic,
            },
        }));
        await ui.Server.WaitUntilReadyAsync(name);
    }

    private async Task<JsonNode> WaitForVersionAsync(string name, int version)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var endpoint = await ui.Server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{name}");
            if ((int?)endpoint["config"]?["config_version"] == version)
            {
                return endpoint;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{name} did not reach config_version {version}");
    }
}
