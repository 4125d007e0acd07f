using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Experiments;
using Switchyard.Server.Tests.ExternalModels;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>A shadow is never an LLM fallback: the caller hears the primary's failure, and the shadow still gets its copy.</summary>
public sealed class ShadowFallbackTests
{
    [Fact]
    public async Task WithFallbackOn_AFailedPrimary_DoesNotFallBackToTheShadow_AndThePairKeepsBothStatuses()
    {
        await using var host = await ExternalModelHost.StartAsync();
        // The mission's OpenAI and Anthropic entities, Anthropic now a shadow and OpenAI the one primary.
        var body = JsonNode.Parse(ExternalModelHost.MissionBody)!.AsObject();
        body["config"]!["served_entities"]![1]!["role"] = "shadow";
        body["config"]!["traffic_config"] = JsonNode.Parse("""{"routes": [{"served_model_name": "served_model_name_1", "traffic_percentage": 100}]}""");
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", body));
        await host.Server.WaitUntilReadyAsync("mix-chat-endpoint");
        await ApiAssert.OkJsonAsync(await host.Server.PutJsonAsync(
            "/api/2.0/serving-endpoints/mix-chat-endpoint/ai-gateway", """{"fallback_config": {"enabled": true}}"""));
        host.OpenAi.FailNext(503, "overloaded");

        var response = await host.Server.PostJsonAsync("/serving-endpoints/mix-chat-endpoint/invocations", ExternalModelHost.ChatQuery);

        await ApiAssert.ErrorAsync(response, 502, "TEMPORARILY_UNAVAILABLE");
        Assert.Equal("served_model_name_1", response.Headers.GetValues("served-model-name").Single());
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var store = host.Server.Services.GetRequiredService<IOutputPairStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<OutputPair> pairs;
        while ((pairs = await store.ReadAsync("mix-chat-endpoint", "shadow:served_model_name_2", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 10, CancellationToken.None)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the shadow's pair was never stored");
            await Task.Delay(20);
        }

        // The one call Anthropic got is the shadow's copy, not a fallback.
        var pair = Assert.Single(pairs);
        Assert.Equal((requestId, 502, 200), (pair.RequestId, pair.BaselineStatus, pair.CandidateStatus));
        Assert.Contains("TEMPORARILY_UNAVAILABLE", pair.BaselineOutput, StringComparison.Ordinal);
        Assert.Single(host.Anthropic.Requests);
    }
}
