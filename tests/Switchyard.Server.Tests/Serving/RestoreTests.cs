using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Serving;

/// <summary>
/// A restart gives every stored endpoint its owner back with the state it had: serving,
/// failed, without a config; its grants, tags and id; and the list in name order.
/// </summary>
public sealed class RestoreTests
{
    [Fact]
    public async Task Restart_RestoresEveryEndpointAsItWas()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await OwnerTestKit.RegisterBrokenAsync(server);
        var serving = await OwnerTestKit.CreateAsync(server, "serving", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA));
        await OwnerTestKit.CreateAsync(server, "failed", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelB));
        await OwnerTestKit.CreateAsync(server, "bare", config: null);
        await MissionScenario.WaitForUpdateAsync(server, "serving");
        await MissionScenario.WaitForUpdateAsync(server, "failed");
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/failed/config", OwnerTestKit.SingleEntityConfig("next", "catalog.schema.broken")));
        Assert.Equal("UPDATE_FAILED", (string?)(await MissionScenario.WaitForUpdateAsync(server, "failed"))["state"]!["config_update"]);
        var (_, token) = await server.CreateUserWithTokenAsync("analyst@example.com");
        var permissions = $"/api/2.0/permissions/serving-endpoints/{(string)serving["id"]!}";
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync(permissions,
            """{"access_control_list": [{"user_name": "analyst@example.com", "permission_level": "CAN_QUERY"}]}"""));
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync("/api/2.0/serving-endpoints/bare/tags", """{"add_tags": [{"key": "team", "value": "risk"}]}"""));
        var before = await EssentialsAsync(server);
        var aclBefore = await ApiAssert.OkJsonAsync(await server.Client.GetAsync(permissions));

        await server.RestartAsync();

        // The serving endpoint answers at once (the query waits for its model), to whom it did before.
        var analyst = server.ClientFor(token);
        var answer = await ApiAssert.OkJsonAsync(await analyst.PostAsync("/serving-endpoints/serving/invocations",
            new StringContent(MissionScenario.QueryBody, System.Text.Encoding.UTF8, "application/json")));
        Assert.Equal(MissionScenario.Expected("current"), MissionScenario.PredictionOf(answer), 4);
        await OwnerTestKit.WaitUntilReadyAsync(server, "serving");
        await OwnerTestKit.WaitUntilReadyAsync(server, "failed");
        var after = await EssentialsAsync(server);
        Assert.True(JsonNode.DeepEquals(before, after), $"before: {before.ToJsonString()}\nafter:  {after.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(aclBefore, await ApiAssert.OkJsonAsync(await server.Client.GetAsync(permissions))));
        var failed = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/failed"));
        Assert.Equal("DEPLOYMENT_FAILED", (string?)failed["pending_config"]!["served_entities"]![0]!["state"]!["deployment"]);
        Assert.Contains("catalog.schema.broken", (string?)failed["state"]!["config_update_message"], StringComparison.Ordinal);
    }

    /// <summary>
    /// The list, and each endpoint's GET without what may rightly differ across a restart (the
    /// entities' state messages: a failed load's own message lives in memory, the stored reason after).
    /// </summary>
    private static async Task<JsonArray> EssentialsAsync(ServerUnderTest server)
    {
        var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints"));
        var essentials = new JsonArray();
        foreach (var summary in list["endpoints"]!.AsArray())
        {
            var endpoint = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/{(string)summary!["name"]!}"));
            foreach (var config in new[] { endpoint["config"], endpoint["pending_config"] })
            {
                foreach (var entity in config?["served_entities"]?.AsArray() ?? [])
                {
                    entity!["state"]!.AsObject().Remove("deployment_state_message");
                }

                foreach (var model in config?["served_models"]?.AsArray() ?? [])
                {
                    model!["state"]!.AsObject().Remove("deployment_state_message");
                }
            }

            essentials.Add(endpoint);
        }

        return essentials;
    }
}
