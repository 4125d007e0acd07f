using System.Text.Json.Nodes;
using Switchyard.Server.Tests.ExternalModels;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing.Providers;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// A rollback of an external model whose key was given literally: the history never shows the key,
/// and the rolled-back entity calls its provider with the key of the version it came from, even
/// when the config it replaces no longer had that entity.
/// </summary>
public sealed class ConfigHistoryKeyTests
{
    private const string Path = "/api/2.0/serving-endpoints";

    [Fact]
    public async Task RolledBackExternalModel_KeepsItsSealedKey_AndTheHistoryNeverShowsIt()
    {
        await using var openAi = await OpenAiStandIn.StartAsync();
        openAi.ApiKey = "sk-history-" + Guid.NewGuid().ToString("N");
        await using var server = await ServerUnderTest.StartAsync($"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync(Path, $$"""{"name": "keys", "config": {{Config("gpt", openAi.ApiKey)}}}"""));
        await MissionScenario.WaitForUpdateAsync(server, "keys");
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Path}/keys/config", Config("mini", openAi.ApiKey)));
        await MissionScenario.WaitForUpdateAsync(server, "keys");

        var rolledBack = await server.PostJsonAsync($"{Path}/keys/config/rollback", """{"config_version": 1}""");
        var answer = await rolledBack.Content.ReadAsStringAsync();
        Assert.True(rolledBack.IsSuccessStatusCode, answer);
        var done = await MissionScenario.WaitForUpdateAsync(server, "keys");
        Assert.Equal("NOT_UPDATING", (string?)done["state"]!["config_update"]);
        Assert.Equal(3, (long)done["config"]!["config_version"]!);

        var reply = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/keys/served-models/gpt/invocations", ExternalModelHost.ChatQuery));
        Assert.EndsWith(openAi.Reply, (string?)reply["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);

        var history = await (await server.Client.GetAsync($"{Path}/keys/config-history")).Content.ReadAsStringAsync();
        Assert.Contains("\"openai_config\":{}", history, StringComparison.Ordinal);
        foreach (var text in new[] { history, answer })
        {
            Assert.DoesNotContain(openAi.ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("sealed", text, StringComparison.Ordinal);
            Assert.DoesNotContain("_plaintext", text, StringComparison.Ordinal);
        }
    }

    private static string Config(string served, string key) => new JsonObject
    {
        ["served_entities"] = new JsonArray(new JsonObject
        {
            ["name"] = served,
            ["external_model"] = new JsonObject
            {
                ["name"] = "gpt-4o-mini", ["provider"] = "openai", ["task"] = "llm/v1/chat",
                ["openai_config"] = new JsonObject { ["openai_api_key_plaintext"] = key },
            },
        }),
    }.ToJsonString();
}
