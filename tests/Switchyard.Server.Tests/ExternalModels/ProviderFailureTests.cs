using System.Net;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>Provider failures become errors in our format, and fall back when the endpoint says so.</summary>
public sealed class ProviderFailureTests
{
    private const string OpenAiPath = "/serving-endpoints/mix-chat-endpoint/served-models/served_model_name_1/invocations";

    [Fact]
    public async Task Provider500_IsA502NamingTheProviderStatusAndMessage_WithoutTheKey()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        host.OpenAi.FailNext(500, "The server had an error while processing your request.");

        var response = await host.Server.PostJsonAsync(OpenAiPath, ExternalModelHost.ChatQuery);
        var message = await ApiAssert.ErrorAsync(response, 502, "TEMPORARILY_UNAVAILABLE");

        Assert.Contains("HTTP 500", message, StringComparison.Ordinal);
        Assert.Contains("The server had an error while processing your request.", message, StringComparison.Ordinal);
        Assert.Contains("openai", message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.OpenAi.ApiKey, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider429_IsA429WithTheProvidersRetryAfter()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        host.OpenAi.FailNext(429, "Rate limit reached for gpt-4.", TimeSpan.FromSeconds(7));

        var response = await host.Server.PostJsonAsync(OpenAiPath, ExternalModelHost.ChatQuery);

        var message = await ApiAssert.ErrorAsync(response, 429, "REQUEST_LIMIT_EXCEEDED");
        Assert.Contains("Rate limit reached for gpt-4.", message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ProviderTimeout_IsA504()
    {
        await using var host = await ExternalModelHost.StartAsync("--ExternalModels:RequestTimeout=00:00:01");
        await host.CreateMissionEndpointAsync();
        host.OpenAi.HangNext();

        var response = await host.Server.PostJsonAsync(OpenAiPath, ExternalModelHost.ChatQuery);

        var message = await ApiAssert.ErrorAsync(response, 504, "DEADLINE_EXCEEDED");
        Assert.Contains("openai", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fallback_Enabled_SendsAFailedQueryToTheNextEntity()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        await ApiAssert.OkJsonAsync(await host.Server.PutJsonAsync(
            "/api/2.0/serving-endpoints/mix-chat-endpoint/ai-gateway", """{"fallback_config": {"enabled": true}}"""));

        // OpenAI fails every time: queries the split sends there are answered by Anthropic instead.
        const int queries = 20;
        for (var i = 0; i < queries; i++)
        {
            host.OpenAi.FailNext(503, "overloaded");
        }

        for (var i = 0; i < queries; i++)
        {
            var response = await host.Server.PostJsonAsync("/serving-endpoints/mix-chat-endpoint/invocations", ExternalModelHost.ChatQuery);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("served_model_name_2", response.Headers.GetValues("served-model-name").Single());
        }

        // The split picked OpenAI for some of them (all 20 on Anthropic has odds of one in a million).
        Assert.InRange(host.OpenAi.Requests.Count, 1, queries - 1);
        Assert.Equal(queries, host.Anthropic.Requests.Count);
    }

    [Fact]
    public async Task Fallback_Disabled_ReturnsTheFailure()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        host.OpenAi.FailNext(503, "overloaded");
        host.Anthropic.FailNext(529, "Overloaded");

        var response = await host.Server.PostJsonAsync("/serving-endpoints/mix-chat-endpoint/invocations", ExternalModelHost.ChatQuery);

        await ApiAssert.ErrorAsync(response, 502, "TEMPORARILY_UNAVAILABLE");
        Assert.Equal(1, host.OpenAi.Requests.Count + host.Anthropic.Requests.Count);
    }

    [Fact]
    public async Task AiGateway_BadFallbackConfig_IsRefused()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var response = await host.Server.PutJsonAsync(
            "/api/2.0/serving-endpoints/mix-chat-endpoint/ai-gateway", """{"fallback_config": {"enabled": "yes"}}""");

        var message = await ApiAssert.ErrorAsync(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("fallback_config", message, StringComparison.Ordinal);
    }
}
