using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// <c>min_provisioned_concurrency</c> / <c>max_provisioned_concurrency</c> on custom models: the
/// entity's gate admits exactly max requests at once, the fields are echoed, and every rule
/// (steps of 4, max 4–1024, min ≤ max, both bounds, not with workload_size, a floor of 0 only with
/// scale to zero) is a 400 naming the field.
/// </summary>
public sealed class ProvisionedConcurrencyTests(RegisteredModelsHost host) : IClassFixture<RegisteredModelsHost>
{
    private static string Create(string name, string sizing) => $$$"""
        {"name": "{{{name}}}", "config": {"served_entities": [
          {"name": "ranged", "entity_name": "catalog.schema.model-A", "entity_version": "1", {{{sizing}}} }]}}
        """;

    [Fact]
    public async Task Gate_admits_exactly_max_concurrent_requests_and_refuses_the_next()
    {
        // No queue, so the request past the gate is refused at once rather than held.
        var gated = new GatedRuntime(gateScoring: true);
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(gated), "--Switchyard:QueueDepthPerSlot=0");
        await MissionScenario.RegisterAsync(server, "held", GatedRuntime.WriteModel(Path.Combine(server.DataDir + "-samples", "held"), RepoPaths.SampleModel("model-a")));
        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "ranged", "config": {"served_entities": [{"name": "held", "entity_name": "catalog.schema.held", "entity_version": "1",
              "min_provisioned_concurrency": 4, "max_provisioned_concurrency": 8}]}}
            """));
        var declared = created["pending_config"]!["served_entities"]![0]!;
        Assert.Equal(4, (int)declared["min_provisioned_concurrency"]!);
        Assert.Equal(8, (int)declared["max_provisioned_concurrency"]!);
        Assert.Null(declared["workload_size"]);
        await MissionScenario.WaitForUpdateAsync(server, "ranged");

        var running = Enumerable.Range(0, 8).Select(_ => server.PostJsonAsync("/serving-endpoints/ranged/invocations", MissionScenario.QueryBody)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (gated.WaitingToScore < 8)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {gated.WaitingToScore} of 8 requests reached the model");
            await Task.Delay(10);
        }

        var refused = await server.PostJsonAsync("/serving-endpoints/ranged/invocations", MissionScenario.QueryBody);
        await ApiAssert.ErrorAsync(refused, 429, "REQUEST_LIMIT_EXCEEDED");
        Assert.Equal(8, gated.WaitingToScore);

        gated.Open();
        foreach (var response in await Task.WhenAll(running))
        {
            await ApiAssert.OkJsonAsync(response);
        }
    }

    [Fact]
    public async Task Floor_of_zero_with_scale_to_zero_is_accepted_and_echoed()
    {
        var created = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints",
            Create("ranged-zero", "\"min_provisioned_concurrency\": 0, \"max_provisioned_concurrency\": 1024, \"scale_to_zero_enabled\": true")));

        var declared = created["pending_config"]!["served_entities"]![0]!;
        Assert.Equal(0, (int)declared["min_provisioned_concurrency"]!);
        Assert.Equal(1024, (int)declared["max_provisioned_concurrency"]!);
    }

    public static TheoryData<string, string> BadRanges => new()
    {
        { "\"min_provisioned_concurrency\": 2, \"max_provisioned_concurrency\": 8", "served_entities[0].min_provisioned_concurrency is 2; it must be a multiple of 4 (for example 0 or 4)" },
        { "\"min_provisioned_concurrency\": 4, \"max_provisioned_concurrency\": 10", "served_entities[0].max_provisioned_concurrency is 10; it must be a multiple of 4 (for example 8 or 12)" },
        { "\"min_provisioned_concurrency\": 4, \"max_provisioned_concurrency\": 1028", "served_entities[0].max_provisioned_concurrency is 1028; it must be from 4 to 1024" },
        { "\"min_provisioned_concurrency\": 0, \"max_provisioned_concurrency\": 0, \"scale_to_zero_enabled\": true", "served_entities[0].max_provisioned_concurrency is 0; it must be from 4 to 1024" },
        { "\"min_provisioned_concurrency\": 8, \"max_provisioned_concurrency\": 4", "served_entities[0].min_provisioned_concurrency (8) is above max_provisioned_concurrency (4)" },
        { "\"min_provisioned_concurrency\": -4, \"max_provisioned_concurrency\": 4", "served_entities[0].min_provisioned_concurrency is -4; it must be 0 or more" },
        { "\"min_provisioned_concurrency\": 0, \"max_provisioned_concurrency\": 8", "served_entities[0].min_provisioned_concurrency is 0, which only an entity with scale_to_zero_enabled: true may have" },
        { "\"max_provisioned_concurrency\": 8", "served_entities[0].min_provisioned_concurrency is required with max_provisioned_concurrency" },
        { "\"min_provisioned_concurrency\": 4", "served_entities[0].max_provisioned_concurrency is required with min_provisioned_concurrency" },
        { "\"min_provisioned_concurrency\": 4, \"max_provisioned_concurrency\": 8, \"workload_size\": \"Small\"", "served_entities[0].workload_size cannot be given with min/max_provisioned_concurrency" },
        { "\"min_provisioned_concurrency\": 4, \"max_provisioned_concurrency\": \"many\"", "served_entities[0].max_provisioned_concurrency must be a whole number" },
    };

    [Theory]
    [MemberData(nameof(BadRanges))]
    public async Task Bad_range_is_400_naming_the_field_and_creates_nothing(string sizing, string expected)
    {
        var message = await ApiAssert.ErrorAsync(
            await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("ranged-refused", sizing)), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/ranged-refused"), 404, "RESOURCE_DOES_NOT_EXIST");
    }
}
