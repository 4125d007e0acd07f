using Switchyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>Workload-size concurrency with its bounded queue, and scale to zero.</summary>
public sealed class CapacityTests
{
    [Fact]
    public async Task Invocations_PastConcurrencyAndQueue_Get429WithRetryAfter()
    {
        // No queue: a Small entity runs 4 requests at once and refuses the fifth.
        var gated = new GatedRuntime(gateScoring: true);
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(gated), "--Switchyard:QueueDepthPerSlot=0");
        await MissionScenario.RegisterAsync(server, "held", GatedRuntime.WriteModel(Path.Combine(server.DataDir + "-samples", "held"), RepoPaths.SampleModel("model-a")));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints",
            """{"name": "narrow", "config": {"served_entities": [{"name": "held", "entity_name": "catalog.schema.held", "entity_version": "1", "workload_size": "Small"}]}}"""));
        await MissionScenario.WaitForUpdateAsync(server, "narrow");

        var running = Enumerable.Range(0, 4).Select(_ => server.PostJsonAsync("/serving-endpoints/narrow/invocations", MissionScenario.QueryBody)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (gated.WaitingToScore < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {gated.WaitingToScore} requests reached the model");
            await Task.Delay(10);
        }

        var refused = await server.PostJsonAsync("/serving-endpoints/narrow/invocations", MissionScenario.QueryBody);
        await ApiAssert.ErrorAsync(refused, 429, "REQUEST_LIMIT_EXCEEDED");
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("held", refused.Headers.GetValues("served-model-name").Single());

        gated.Open();
        foreach (var response in await Task.WhenAll(running))
        {
            Assert.Equal(MissionScenario.Expected("current"), MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(response)), 4);
        }

        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/narrow/invocations", MissionScenario.QueryBody));
    }

    [Fact]
    public async Task ScaleToZero_IdleEntityUnloads_AndItsNextRequestIsAnswered()
    {
        await using var server = await ServerUnderTest.StartAsync("--scale-to-zero-idle", "00:00:00.300");
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "sleepy", "config": {"served_entities": [
              {"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": true},
              {"name": "challenger", "entity_name": "catalog.schema.model-B", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}],
              "traffic_config": {"routes": [{"served_model_name": "current", "traffic_percentage": 100}, {"served_model_name": "challenger", "traffic_percentage": 0}]}}}
            """));
        await MissionScenario.WaitForUpdateAsync(server, "sleepy");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/sleepy/invocations", MissionScenario.QueryBody));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? message;
        do
        {
            await Task.Delay(100);
            var endpoint = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/sleepy"));
            message = (string?)endpoint["config"]!["served_entities"]![0]!["state"]!["deployment_state_message"];
            Assert.True(DateTime.UtcNow < deadline, $"never scaled to zero: {endpoint.ToJsonString()}");
        }
        while (!message!.Contains("Scaled to zero", StringComparison.Ordinal));

        var scaled = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/sleepy"));
        Assert.Equal("DEPLOYMENT_READY", (string?)scaled["config"]!["served_entities"]![0]!["state"]!["deployment"]);
        Assert.DoesNotContain("Scaled to zero", (string?)scaled["config"]!["served_entities"]![1]!["state"]!["deployment_state_message"], StringComparison.Ordinal);

        var response = await server.PostJsonAsync("/serving-endpoints/sleepy/invocations", MissionScenario.QueryBody);
        Assert.Equal(MissionScenario.Expected("current"), MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(response)), 4);
        var woken = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/sleepy"));
        Assert.Equal("Served entity is ready.", (string?)woken["config"]!["served_entities"]![0]!["state"]!["deployment_state_message"]);
    }
}
