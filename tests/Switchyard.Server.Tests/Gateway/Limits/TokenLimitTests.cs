using System.Text;
using Switchyard.Server.Gateway.Limits;
using Switchyard.Server.Tests.ExternalModels;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>
/// Token limits over real HTTP: a query reserves its max_tokens plus its input's estimate up front,
/// and is settled to the echo's reported usage once answered, whole or streamed.
/// </summary>
public sealed class TokenLimitTests(LimitsHost host) : IClassFixture<LimitsHost>
{
    private const long Limit = 1000;

    [Fact]
    public async Task AQueryWhoseMaxTokensAloneExceedsWhatRemains_IsRefusedNamingTheTokens()
    {
        var endpoint = await TokenEndpointAsync("tl-reserve");
        var body = Body(maxTokens: 2000);

        var message = await ApiAssert.ErrorAsync(await host.QueryAsync(host.Alice, endpoint, body), 429, "REQUEST_LIMIT_EXCEEDED");

        Assert.StartsWith($"Exceeded the rate limit ai_gateway.rate_limits[0] of 1000 tokens per minute for user alice@example.com on endpoint {endpoint}; the query alone reserves {Reserve(body, 2000)} tokens",
            message, StringComparison.Ordinal);
        // Nothing was taken: a query that fits is admitted with the whole limit before it.
        var small = Body(maxTokens: 10);
        var admitted = await host.QueryAsync(host.Alice, endpoint, small);
        Assert.Equal((Limit, Limit - Reserve(small, 10), 60), LimitsHost.RateHeaders(admitted));
    }

    [Fact]
    public async Task AWholeAnswer_IsSettledToItsUsage()
    {
        var endpoint = await TokenEndpointAsync("tl-whole");
        var body = Body(maxTokens: 300);

        var first = await host.QueryAsync(host.Alice, endpoint, body);
        await ApiAssert.OkJsonAsync(first);
        Assert.Equal(Limit - Reserve(body, 300), LimitsHost.RateHeaders(first).Remaining);

        var second = await host.QueryAsync(host.Alice, endpoint, body);
        Assert.Equal(Limit - LimitsHost.TokensPerEcho - Reserve(body, 300), LimitsHost.RateHeaders(second).Remaining);
    }

    [Fact]
    public async Task AStream_CarriesTheHeadersFromItsFirstByte_AndIsSettledWhenItEnds()
    {
        var endpoint = await TokenEndpointAsync("tl-stream");
        var stream = Body(maxTokens: 300, stream: true);

        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/serving-endpoints/{endpoint}/invocations") { Content = Json(stream) })
        using (var response = await host.As(host.Alice).SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(Limit - Reserve(stream, 300), LimitsHost.RateHeaders(response).Remaining);
            var events = await response.Content.ReadAsStringAsync();
            Assert.Contains("data: [DONE]", events, StringComparison.Ordinal);
        }

        var events2 = await SseClient.PostAsync(host.As(host.Alice), $"/serving-endpoints/{endpoint}/invocations", stream);
        Assert.NotEmpty(events2);
        var whole = Body(maxTokens: 300);
        var after = await host.QueryAsync(host.Alice, endpoint, whole);
        Assert.Equal(Limit - (2 * LimitsHost.TokensPerEcho) - Reserve(whole, 300), LimitsHost.RateHeaders(after).Remaining);
    }

    [Fact]
    public async Task AQueryThatFailsBeforeTheModelRuns_ReleasesItsReservation()
    {
        var endpoint = await TokenEndpointAsync("tl-release");
        var broken = """{"messages": "not a list", "max_tokens": 300}""";

        await ApiAssert.ErrorAsync(await host.QueryAsync(host.Alice, endpoint, broken), 400, "INVALID_PARAMETER_VALUE");

        var body = Body(maxTokens: 300);
        Assert.Equal(Limit - Reserve(body, 300), LimitsHost.RateHeaders(await host.QueryAsync(host.Alice, endpoint, body)).Remaining);
    }

    [Fact]
    public async Task WithoutMaxTokens_TheDefaultIsReserved()
    {
        var endpoint = await host.CreateEchoEndpointAsync("tl-default", """{"rate_limits": [{"tokens": 5000, "key": "endpoint", "renewal_period": "minute"}]}""");
        host.NextMinute();

        var answer = await host.QueryAsync(host.Bob, endpoint, LimitsHost.Chat);

        Assert.Equal(5000 - Reserve(LimitsHost.Chat, TokenReservation.DefaultMaxTokens), LimitsHost.RateHeaders(answer).Remaining);
    }

    private async Task<string> TokenEndpointAsync(string name)
    {
        var endpoint = await host.CreateEchoEndpointAsync(name, $$"""{"rate_limits": [{"tokens": {{Limit}}, "key": "user", "renewal_period": "minute"}]}""");
        host.NextMinute();
        return endpoint;
    }

    private static string Body(int maxTokens, bool stream = false) =>
        $$"""{"messages": [{"role": "user", "content": "ping"}], "max_tokens": {{maxTokens}}{{(stream ? ", \"stream\": true" : "")}}}""";

    /// <summary>What the query reserves: its max_tokens plus one token per 4 body bytes, rounded up.</summary>
    private static long Reserve(string body, long maxTokens) => maxTokens + ((Encoding.UTF8.GetByteCount(body) + 3) / 4);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
