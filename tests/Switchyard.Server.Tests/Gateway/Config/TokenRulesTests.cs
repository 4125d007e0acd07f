using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.Gateway.Config;

/// <summary>
/// Custom models count no tokens, so a token limit or budget on an endpoint serving them would
/// never trip: it is refused naming the field, whichever side changes (the gateway, or a config
/// that turns an LLM endpoint into custom models).
/// </summary>
public sealed class TokenRulesTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("""{"rate_limits": [{"calls": 5, "renewal_period": "minute"}, {"calls": 5, "tokens": 100, "renewal_period": "minute"}]}""", "ai_gateway.rate_limits[1].tokens: endpoint custom serves custom models, which count no tokens; limit calls instead")]
    [InlineData("""{"budgets": [{"key": "user", "tokens": 1000, "period": "day"}]}""", "ai_gateway.budgets[0] is a token budget, but endpoint custom serves custom models, which count no tokens")]
    public async Task TokenRules_OnCustomModels_AreRefused(string gateway, string expected)
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", GatewayEndpoint.Create("custom")));

        var message = await ApiAssert.ErrorAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("custom", "/ai-gateway"), gateway), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Null((await _server.GetOkJsonAsync(GatewayEndpoint.Path("custom")))["ai_gateway"]);

        message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            GatewayEndpoint.Create("custom2", $$""", "ai_gateway": {{gateway}}""")), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(expected.Replace("endpoint custom ", "endpoint custom2 ", StringComparison.Ordinal), message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await _server.Client.GetAsync(GatewayEndpoint.Path("custom2")), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task TurningAnLlmEndpointWithTokenRules_IntoCustomModels_IsRefused_UntilTheRulesGo()
    {
        await FoundationModels.RegisterTinyAsync(_server, _folder.Path);
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "llm", "config": {"served_entities": [{"name": "tiny", "entity_name": "system.ai.tiny", "entity_version": "1",
              "min_provisioned_throughput": 0, "max_provisioned_throughput": 2000}]},
             "ai_gateway": {"rate_limits": [{"tokens": 1000, "key": "user", "renewal_period": "minute"}]}}
            """));
        await MissionScenario.WaitForUpdateAsync(_server, "llm", TimeSpan.FromMinutes(2));

        var message = await ApiAssert.ErrorAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("llm", "/config"), GatewayEndpoint.Entities), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("ai_gateway.rate_limits[0].tokens: endpoint llm serves custom models, which count no tokens; limit calls instead", message, StringComparison.Ordinal);
        var endpoint = await _server.GetOkJsonAsync(GatewayEndpoint.Path("llm"));
        Assert.Equal("system.ai.tiny", (string?)endpoint["config"]!["served_entities"]![0]!["entity_name"]);
        Assert.Null(endpoint["pending_config"]);

        await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("llm", "/ai-gateway"),
            """{"rate_limits": [{"calls": 10, "key": "user", "renewal_period": "minute"}]}"""));
        await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("llm", "/config"), GatewayEndpoint.Entities));
    }
}
