using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Server.Experiments;
using Switchyard.Server.Tests.Infrastructure;
using static Switchyard.Server.Tests.Experiments.ShadowHost;

namespace Switchyard.Server.Tests.Experiments;

/// <summary><c>role: "shadow"</c> and <c>shadow_sample_percentage</c> in a config: refused when wrong, shown, kept, and a change like any other.</summary>
public sealed class ShadowConfigTests
{
    [Fact]
    public async Task BadShadowFields_Are400NamingTheField_AndNothingIsCreatedOrChanged()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        (string Body, string Expected)[] cases =
        [
            (Create(""", "role": "shadow" """, """, "traffic_config": {"routes": [{"served_model_name": "current", "traffic_percentage": 50}, {"served_model_name": "challenger", "traffic_percentage": 50}]}"""),
                "traffic_config.routes[1].served_model_name 'challenger' is a shadow"),
            (Create(""", "role": "shadow" """, """, "traffic_config": {"routes": [{"served_model_name": "current", "traffic_percentage": 100}], "segments": [{"name": "beta", "match": {"header": "x-cohort", "values": ["beta"]}, "routes": [{"served_model_name": "challenger", "traffic_percentage": 100}]}]}"""),
                "traffic_config.segments[0].routes[0].served_model_name 'challenger' is a shadow"),
            (Create(""", "role": "shadow", "shadow_sample_percentage": 0"""), "served_entities[1].shadow_sample_percentage must be a number above 0 and at most 100, got 0"),
            (Create(""", "role": "shadow", "shadow_sample_percentage": 100.5"""), "served_entities[1].shadow_sample_percentage must be a number above 0 and at most 100, got 100.5"),
            (Create(""", "role": "shadow", "shadow_sample_percentage": -3"""), "served_entities[1].shadow_sample_percentage must be a number above 0"),
            (Create(""", "role": "shadow", "shadow_sample_percentage": "50" """), "served_entities[1].shadow_sample_percentage must be a number"),
            (Create(""", "shadow_sample_percentage": 10""", """, "traffic_config": {"routes": [{"served_model_name": "current", "traffic_percentage": 100}, {"served_model_name": "challenger", "traffic_percentage": 0}]}"""),
                "served_entities[1].shadow_sample_percentage is only for a shadow"),
            (Create(""", "role": "primary", "shadow_sample_percentage": 10""", """, "traffic_config": {"routes": [{"served_model_name": "current", "traffic_percentage": 100}, {"served_model_name": "challenger", "traffic_percentage": 0}]}"""),
                "served_entities[1].shadow_sample_percentage is only for a shadow"),
            (Create(""", "role": "canary" """), "served_entities[1].role 'canary' is not a role"),
            (Create(""", "role": 1"""), "served_entities[1].role must be a string"),
            ($$$"""{"name": "{{{Endpoint}}}", "config": {"served_entities": [{"name": "challenger", "entity_name": "catalog.schema.model-B", "entity_version": "1", "workload_size": "Small", "role": "shadow"}]}}""",
                "every served entity is a shadow; an endpoint needs at least one primary"),
        ];
        foreach (var (body, expected) in cases)
        {
            var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", body), 400, "INVALID_PARAMETER_VALUE");
            Assert.Contains(expected, message, StringComparison.Ordinal);
            await ApiAssert.ErrorAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/{Endpoint}"), 404, "RESOURCE_DOES_NOT_EXIST");
        }

        // An update that would leave no primary is refused too, and the endpoint keeps its version.
        await CreateAsync(server, """, "role": "shadow" """);
        var update = new JsonObject
        {
            ["served_entities"] = new JsonArray(MissionScenario.Parse(CreateBody(""", "role": "shadow" """))["config"]!["served_entities"]![1]!.DeepClone()),
        };
        var refused = await ApiAssert.ErrorAsync(await server.PutJsonAsync($"/api/2.0/serving-endpoints/{Endpoint}/config", update), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("served_entities: every served entity is a shadow", refused, StringComparison.Ordinal);
        var endpoint = await server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{Endpoint}");
        Assert.Equal(1, (int)endpoint["config"]!["config_version"]!);
    }

    [Fact]
    public async Task ShadowFields_AreShown_KeptInTheHistory_AndAcrossARestart()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await CreateAsync(server, """, "role": "shadow", "shadow_sample_percentage": 12.5""");
        AssertShadow(await ShadowOfGetAsync(server), 12.5);
        var routes = (await server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{Endpoint}"))["config"]!["traffic_config"]!["routes"]!.AsArray();
        Assert.Equal("current", (string?)Assert.Single(routes)!["served_model_name"]);

        var history = await server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{Endpoint}/config-history");
        var kept = history["configs"]![0]!["config"]!["served_entities"]!.AsArray().Single(e => (string?)e!["name"] == "challenger")!.AsObject();
        AssertShadow(kept, 12.5);

        await server.RestartAsync();
        await server.WaitUntilReadyAsync(Endpoint);
        AssertShadow(await ShadowOfGetAsync(server), 12.5);
    }

    [Fact]
    public async Task ChangingTheRole_IsANewConfigVersion_AndTakesEffect()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await CreateAsync(server, """, "role": "shadow" """);
        await QueryPrimaryAsync(server);
        Assert.Equal(1, (await WaitForDecidedAsync(server)).Sent);

        // The same models, the challenger now a primary with no traffic: it runs the same, so it is
        // kept loaded, but it is no shadow of version 2 and gets no copy.
        await PutAsync(server, Entities(""), """{"routes": [{"served_model_name": "current", "traffic_percentage": 100}, {"served_model_name": "challenger", "traffic_percentage": 0}]}""");
        for (var i = 0; i < 5; i++)
        {
            await QueryPrimaryAsync(server);
        }

        Assert.Equal(1, Counts(server).Sampled);

        // Back to a shadow, at 100%: copied again.
        await PutAsync(server, Entities(""", "role": "shadow", "shadow_sample_percentage": 100"""), null);
        await QueryPrimaryAsync(server);
        Assert.Equal(2, (await WaitForDecidedAsync(server)).Sent);

        var history = await server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{Endpoint}/config-history");
        Assert.Equal([3, 2, 1], history["configs"]!.AsArray().Select(c => (int)c!["config_version"]!));
        Assert.NotEmpty(history["configs"]![0]!["diff"]!.AsArray());
        Assert.Equal(0, server.Services.GetRequiredService<ShadowCounters>().Of(Endpoint, "challenger").Dropped);
    }

    /// <summary>The create body with <paramref name="traffic"/> (", \"traffic_config\": …") after the served entities.</summary>
    private static string Create(string shadowFields, string traffic = "") => CreateBody(shadowFields).TrimEnd()[..^2] + traffic + "}}";

    private static async Task PutAsync(ServerUnderTest server, string entities, string? traffic)
    {
        var config = new JsonObject { ["served_entities"] = JsonNode.Parse(entities) };
        if (traffic is not null)
        {
            config["traffic_config"] = JsonNode.Parse(traffic);
        }

        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"/api/2.0/serving-endpoints/{Endpoint}/config", config));
        await server.WaitUntilReadyAsync(Endpoint);
    }

    private static void AssertShadow(JsonObject entity, double percentage)
    {
        Assert.Equal("shadow", (string?)entity["role"]);
        Assert.Equal(percentage, (double)entity["shadow_sample_percentage"]!);
    }
}
