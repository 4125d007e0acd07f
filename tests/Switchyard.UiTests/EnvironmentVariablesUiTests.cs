using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests;

/// <summary>
/// A custom-model entity's environment variables set in the create form (a literal and a secret
/// reference), stored as typed, kept by an "Edit configuration" that changes something else, and
/// removed one by one; a reference to a missing secret is refused beside the variable it names.
/// The secret's value appears on no page.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class EnvironmentVariablesUiTests(UiFixture ui)
{
    private const string Reference = "{{secrets/team/feature_key}}";

    [Fact]
    public async Task EnvironmentVariables_SetAtCreate_KeptByEdit_RemovedOneByOne()
    {
        var secret = $"feature-{Guid.NewGuid():N}";
        await ui.Server.PutSecretAsync("team", "feature_key", secret);
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);

        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("env-vars");
        await MissionThroughUiTests.FillEntityAsync(page, 0, "only", "catalog.schema.model-A", 100);
        var row = MissionThroughUiTests.Row(page, 0);
        await row.GetByRole(AriaRole.Button, new() { Name = "Add environment variable" }).ClickAsync();
        // The new row takes the focus, so typing goes straight into its name.
        await Expect(row.GetByLabel("Variable 1 name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("LOG_LEVEL");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("debug");
        await row.GetByRole(AriaRole.Button, new() { Name = "Add environment variable" }).ClickAsync();
        await row.GetByLabel("Variable 2 name").FillAsync("FEATURE_KEY");
        await row.GetByLabel("Variable 2 value").FillAsync(Reference);
        await Expect(row.Locator("[data-pair='1']")).ToContainTextAsync("Secret reference: scope team, key feature_key.");
        await Expect(row.Locator("[data-pair='0']")).Not.ToContainTextAsync("Secret reference");
        await row.GetByRole(AriaRole.Group, new() { Name = "Environment variables" }).ScrollIntoViewIfNeededAsync();
        await UiFixture.ScreenshotAsync(page, "settings-1280");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        await Expect(page.GetByTestId("state").Locator(".badge")).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("environment-vars")).ToHaveTextAsync("LOG_LEVEL (literal), FEATURE_KEY (secret reference)");
        var stored = await ui.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/env-vars");
        Assert.Equal($$"""{"LOG_LEVEL":"debug","FEATURE_KEY":"{{Reference}}"}""", stored["config"]!["served_entities"]![0]!["environment_vars"]!.ToJsonString(System.Text.Json.JsonSerializerOptions.Default));

        // An edit of something else keeps both variables, shown as they were saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit configuration" }).ClickAsync();
        row = MissionThroughUiTests.Row(page, 0);
        await Expect(row.GetByLabel("Variable 1 name")).ToHaveValueAsync("LOG_LEVEL");
        await Expect(row.GetByLabel("Variable 1 value")).ToHaveValueAsync("debug");
        await Expect(row.GetByLabel("Variable 2 name")).ToHaveValueAsync("FEATURE_KEY");
        await Expect(row.GetByLabel("Variable 2 value")).ToHaveValueAsync(Reference);
        await row.GetByLabel("Workload size").SelectOptionAsync("Medium");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 2", new() { Timeout = 60_000 });
        var edited = (await ui.Server.WaitUntilReadyAsync("env-vars"))["config"]!["served_entities"]![0]!;
        Assert.Equal("Medium", (string?)edited["workload_size"]);
        Assert.Equal("debug", (string?)edited["environment_vars"]!["LOG_LEVEL"]);
        Assert.Equal(Reference, (string?)edited["environment_vars"]!["FEATURE_KEY"]);

        // Removing one from the keyboard: its button, then the focus lands on "Add environment variable".
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit configuration" }).ClickAsync();
        row = MissionThroughUiTests.Row(page, 0);
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove variable 1 (LOG_LEVEL)" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Add environment variable" })).ToBeFocusedAsync();
        await Expect(row.GetByLabel("Variable 1 name")).ToHaveValueAsync("FEATURE_KEY");
        await Expect(row.GetByLabel("Variable 2 name")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 3", new() { Timeout = 60_000 });
        var removed = (await ui.Server.WaitUntilReadyAsync("env-vars"))["config"]!["served_entities"]![0]!;
        Assert.Equal($$"""{"FEATURE_KEY":"{{Reference}}"}""", removed["environment_vars"]!.ToJsonString(System.Text.Json.JsonSerializerOptions.Default));
        Assert.Equal("Medium", (string?)removed["workload_size"]);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSecret_IsRefusedBesideTheVariable_AndATwiceGivenNameBeforeSending()
    {
        await ui.Server.PutSecretAsync("team", "feature_key", "v");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken, 390);

        await page.GetByRole(AriaRole.Link, new() { Name = "Create serving endpoint" }).ClickAsync();
        await page.GetByLabel("Endpoint name").FillAsync("env-missing");
        await MissionThroughUiTests.FillEntityAsync(page, 0, "only", "catalog.schema.model-A", 100);
        var row = MissionThroughUiTests.Row(page, 0);
        await row.GetByRole(AriaRole.Button, new() { Name = "Add environment variable" }).ClickAsync();
        await row.GetByLabel("Variable 1 name").FillAsync("TOKEN");
        await row.GetByLabel("Variable 1 value").FillAsync("{{secrets/team/missing}}");
        await row.GetByRole(AriaRole.Button, new() { Name = "Add environment variable" }).ClickAsync();
        await row.GetByLabel("Variable 2 name").FillAsync("TOKEN");
        await row.GetByLabel("Variable 2 value").FillAsync("literal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        await Expect(row.Locator("[data-pair='1']")).ToContainTextAsync("TOKEN is given twice");

        await row.GetByRole(AriaRole.Button, new() { Name = "Remove variable 2 (TOKEN)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();
        var slot = row.Locator("[data-error-for='served_entities[0].environment_vars.TOKEN']");
        await Expect(slot).ToContainTextAsync("{{secrets/team/missing}} does not exist");
        await Expect(page.Locator("form p.error[role='alert']")).ToBeEmptyAsync();
        await slot.ScrollIntoViewIfNeededAsync();
        await UiFixture.ScreenshotAsync(page, "settings-390");
        await ApiAssert.ErrorAsync(await ui.Server.Client.GetAsync("/api/2.0/serving-endpoints/env-missing"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task EditConfiguration_KeepsSettingsItHasNoFieldFor()
    {
        await ApiAssert.OkJsonAsync(await ui.Server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = "api-only-settings",
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "only",
                    ["entity_name"] = "catalog.schema.model-A",
                    ["entity_version"] = "1",
                    ["workload_size"] = "Small",
                    ["workload_type"] = "CPU_LARGE",
                    ["burst_scaling_enabled"] = false,
                }),
                ["auto_capture_config"] = new JsonObject { ["catalog_name"] = "main", ["schema_name"] = "logs", ["enabled"] = false },
            },
        }));
        await ui.Server.WaitUntilReadyAsync("api-only-settings");
        var page = await ui.SignedInPageAsync(ServerUnderTest.AdminToken);

        await page.GotoAsync("/ui/#/endpoints/api-only-settings/edit");
        var row = MissionThroughUiTests.Row(page, 0);
        await Expect(row.GetByLabel("Workload type")).ToHaveValueAsync("CPU_LARGE");
        await row.GetByLabel("Traffic %").FillAsync("100");
        await row.GetByLabel("Scale to zero").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" }).ClickAsync();
        await Expect(page.GetByTestId("current-config")).ToContainTextAsync("config_version 2", new() { Timeout = 60_000 });

        var config = (await ui.Server.WaitUntilReadyAsync("api-only-settings"))["config"]!;
        var entity = config["served_entities"]![0]!;
        Assert.False((bool)entity["scale_to_zero_enabled"]!);
        Assert.Equal("CPU_LARGE", (string?)entity["workload_type"]);
        Assert.False((bool)entity["burst_scaling_enabled"]!);
        Assert.Equal("logs", (string?)config["auto_capture_config"]!["schema_name"]);
    }
}
