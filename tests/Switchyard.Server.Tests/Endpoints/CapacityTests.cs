using System.Net;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>Workload-size concurrency with its bounded queue, and scale to zero.</summary>
public sealed class CapacityTests
{
    [Fact]
    public async Task Invocations_PastConcurrencyAndQueue_Get429WithRetryAfter()
    {
        // No queue: a Small entity takes 4 requests at once and refuses the rest.
        await using var server = await ServerUnderTest.StartAsync("--Switchyard:QueueDepthPerSlot=0");
        await HeavyModel.RegisterAsync(server, "heavy");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints",
            """{"name": "narrow", "config": {"served_entities": [{"name": "heavy", "entity_name": "catalog.schema.heavy", "entity_version": "1", "workload_size": "Small"}]}}"""));
        await MissionScenario.WaitForUpdateAsync(server, "narrow");
        var body = HeavyModel.QueryBody();
        // Scoring runs on thread-pool threads; on a 2-core machine the pool would otherwise grow
        // too slowly for 48 requests to reach the gate at once.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io);

        var responses = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ =>
            Task.Run(() => server.PostJsonAsync("/serving-endpoints/narrow/invocations", body))));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, r.StatusCode.ToString()));
        await ApiAssert.ErrorAsync(refused[0], 429, "REQUEST_LIMIT_EXCEEDED");
        Assert.Equal("1", refused[0].Headers.GetValues("Retry-After").Single());
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
