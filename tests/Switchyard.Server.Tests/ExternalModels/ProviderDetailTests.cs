using System.Text.Json.Nodes;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>
/// What the providers' official definitions say that an answer must not lose, and what a query must
/// not be sent with: OpenAI's refusal and max_completion_tokens, Anthropic's temperature range and
/// its timeout and billing errors, each through the mission's endpoint.
/// </summary>
public sealed class ProviderDetailTests
{
    private const string OpenAiPath = "/serving-endpoints/mix-chat-endpoint/served-models/served_model_name_1/invocations";
    private const string AnthropicPath = "/serving-endpoints/mix-chat-endpoint/served-models/served_model_name_2/invocations";

    [Fact]
    public async Task OpenAiRefusal_IsInTheAnswerWholeAndStreamed()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        host.OpenAi.Refusal = "I can't help with that.";

        var answer = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync(OpenAiPath, ExternalModelHost.ChatQuery));
        var events = await SseClient.PostAsync(host.Server.Client, OpenAiPath,
            """{"messages": [{"role": "user", "content": "Say hello."}], "stream": true}""");

        // openapi.yaml ChatCompletionResponseMessage.refusal and ChatCompletionStreamResponseDelta.refusal.
        Assert.Equal("I can't help with that.", (string?)answer["choices"]![0]!["message"]!["refusal"]);
        var deltas = events[..^1].Select(e => JsonNode.Parse(e)!["choices"]!.AsArray()).Where(c => c.Count > 0).Select(c => (string?)c[0]!["delta"]!["refusal"]);
        Assert.Equal("I can't help with that.", string.Concat(deltas));
    }

    [Fact]
    public async Task MaxCompletionTokens_ReachesOpenAiUnderThatName()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var answer = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync(OpenAiPath,
            """{"messages": [{"role": "user", "content": "Say hello."}], "max_completion_tokens": 2}"""));

        Assert.Equal(2, (int)host.OpenAi.LastRequest.Body!["max_completion_tokens"]!);
        Assert.Null(host.OpenAi.LastRequest.Body["max_tokens"]);
        Assert.Equal("length", (string?)answer["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task AnthropicTemperatureAboveOne_IsA400NamingItsRange()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var response = await host.Server.PostJsonAsync(AnthropicPath, """{"messages": [{"role": "user", "content": "Hi"}], "temperature": 1.5}""");

        var message = await ApiAssert.ErrorAsync(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("0 to 1", message, StringComparison.Ordinal);
        Assert.Empty(host.Anthropic.Requests);
    }

    [Fact]
    public async Task AnthropicTimeoutError_IsA504()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        host.Anthropic.FailNext(504, "Request timed out.");

        var message = await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync(AnthropicPath, ExternalModelHost.ChatQuery), 504, "DEADLINE_EXCEEDED");

        Assert.Contains("Request timed out.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnthropicBillingError_IsA502NotTheCallersFault()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        host.Anthropic.FailNext(402, "Your credit balance is too low.");

        var message = await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync(AnthropicPath, ExternalModelHost.ChatQuery), 502, "TEMPORARILY_UNAVAILABLE");

        Assert.Contains("credit balance", message, StringComparison.Ordinal);
    }
}
