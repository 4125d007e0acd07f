using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Testing.Providers;

namespace Switchyard.Providers.Tests.Conformance;

/// <summary>
/// The OpenAI and Anthropic stand-ins hold every request to their provider's rules: a request that
/// breaks them is refused as the provider would (its 400 error JSON) and counted in Violations.
/// </summary>
public sealed class StandInEnforcementTests
{
    [Fact]
    public async Task AnthropicStandIn_RefusesASystemTurnWithInvalidRequestError_AndCountsIt()
    {
        await using var standIn = await AnthropicStandIn.StartAsync();
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{standIn.BaseUrl}/v1/messages")
        {
            Content = new StringContent("""{"model": "claude-3-opus-20240229", "max_tokens": 5, "messages": [{"role": "system", "content": "Be brief."}]}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", standIn.ApiKey);
        request.Headers.Add("anthropic-version", AnthropicRequestRules.ApiVersion);

        using var response = await client.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("invalid_request_error", (string?)error["error"]!["type"]);
        Assert.Single(standIn.Violations);
    }

    [Fact]
    public async Task AnthropicStandIn_RefusesAMissingVersionHeader()
    {
        await using var standIn = await AnthropicStandIn.StartAsync();
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{standIn.BaseUrl}/v1/messages")
        {
            Content = new StringContent("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", standIn.ApiKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("anthropic-version", Assert.Single(standIn.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAiStandIn_RefusesMaxTokensForAReasoningModel_AndCountsIt()
    {
        await using var standIn = await OpenAiStandIn.StartAsync();
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{standIn.BaseUrl}/chat/completions")
        {
            Content = new StringContent("""{"model": "o3-mini", "max_tokens": 5, "messages": [{"role": "user", "content": "Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", $"Bearer {standIn.ApiKey}");

        using var response = await client.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (string?)error["error"]!["type"]);
        Assert.Contains("max_completion_tokens", Assert.Single(standIn.Violations), StringComparison.Ordinal);
    }
}
