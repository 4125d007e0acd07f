using System.Text.Json.Nodes;
using Switchyard.Core.Gateway;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Gateway.Config;

/// <summary>
/// <c>ai_gateway</c> on create and <c>PUT …/ai-gateway</c>, as databricks-sdk-py sends them: the
/// answer is what was stored, a second PUT of the same body changes nothing, GET shows the same, a
/// restart keeps it; every invalid combination is a 400 naming the field and changes nothing.
/// </summary>
public sealed class GatewayConfigRouteTests : IAsyncLifetime
{
    private const string Full = """
        {"usage_tracking_config": {"enabled": true},
         "inference_table_config": {"catalog_name": "main", "schema_name": "logs", "table_name_prefix": "scores", "enabled": true, "sampling_fraction": 0.5},
         "rate_limits": [{"calls": 100, "renewal_period": "minute"}, {"calls": 5, "key": "user", "principal": "ana@example.com", "renewal_period": "day"}],
         "guardrails": {"input": {"pii": {"behavior": "MASK"}, "invalid_keywords": ["secret"]}, "output": {"safety": true}},
         "fallback_config": {"enabled": false}}
        """;

    private ServerUnderTest _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Put_AnswersWhatWasStored_IsIdempotent_AndGetShowsTheSame()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", GatewayEndpoint.Create("echo")));

        var first = await _server.PutJsonAsync(GatewayEndpoint.Path("echo", "/ai-gateway"), Full);
        var firstText = await first.Content.ReadAsStringAsync();
        var second = await (await _server.PutJsonAsync(GatewayEndpoint.Path("echo", "/ai-gateway"), Full)).Content.ReadAsStringAsync();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Full), JsonNode.Parse(firstText)), firstText);
        Assert.Equal(firstText, second);
        var endpoint = await _server.GetOkJsonAsync(GatewayEndpoint.Path("echo"));
        Assert.Equal(firstText, endpoint["ai_gateway"]!.ToJsonString());

        var enforced = GatewayEndpoint.Enforced(_server, "echo");
        Assert.True(enforced.UsageTracking);
        Assert.Equal(new InferenceTableConfig("main", "logs", "scores", true, 0.5), enforced.InferenceTable);
        Assert.Equal(2, enforced.RateLimits.Count);
        Assert.Equal(PiiBehavior.Mask, enforced.Guardrails.Input.Pii);

        var removed = await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("echo", "/ai-gateway"), "{}"));
        Assert.Empty(removed);
        Assert.Null((await _server.GetOkJsonAsync(GatewayEndpoint.Path("echo")))["ai_gateway"]);
        Assert.False(GatewayEndpoint.Enforced(_server, "echo").Limits);
    }

    [Fact]
    public async Task Create_WithAiGateway_StoresAndEnforcesIt_AndARestartKeepsIt()
    {
        var created = await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            GatewayEndpoint.Create("kept", $$""", "ai_gateway": {{Full}}""")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Full), created["ai_gateway"]));

        await _server.RestartAsync();

        var endpoint = await _server.GetOkJsonAsync(GatewayEndpoint.Path("kept"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Full), endpoint["ai_gateway"]));
        var enforced = GatewayEndpoint.Enforced(_server, "kept");
        Assert.Equal(new RateLimitRule("ai_gateway.rate_limits[1]", LimitKey.User, "ana@example.com", 5, null, RenewalPeriod.Day), enforced.RateLimits[1]);
        Assert.True(enforced.CapturesPayloads);
    }

    [Theory]
    [InlineData("""{"rate_limits": [{"renewal_period": "minute"}]}""", "ai_gateway.rate_limits[0] must limit calls, tokens or both")]
    [InlineData("""{"rate_limits": [{"calls": 1, "renewal_period": "minute"}, {"calls": 1, "renewal_period": "week"}]}""", "ai_gateway.rate_limits[1].renewal_period must be one of minute, hour, day")]
    [InlineData("""{"rate_limits": [{"calls": 1}]}""", "ai_gateway.rate_limits[0].renewal_period is required")]
    [InlineData("""{"rate_limits": [{"calls": 1.5, "renewal_period": "minute"}]}""", "ai_gateway.rate_limits[0].calls must be a whole number")]
    [InlineData("""{"rate_limits": [{"tokens": -3, "renewal_period": "minute"}]}""", "ai_gateway.rate_limits[0].tokens must be a whole number of at least 0")]
    [InlineData("""{"rate_limits": [{"calls": 1, "renewal_period": "minute", "key": "team"}]}""", "ai_gateway.rate_limits[0].key must be one of endpoint, user, user_group, service_principal")]
    [InlineData("""{"rate_limits": [{"calls": 1, "renewal_period": "minute", "principal": "ana@example.com"}]}""", "ai_gateway.rate_limits[0].principal needs key user, user_group or service_principal")]
    [InlineData("""{"rate_limits": [{"calls": 1, "renewal_period": "minute", "key": "user", "principal": ""}]}""", "ai_gateway.rate_limits[0].principal must not be empty")]
    [InlineData("""{"rate_limits": [{"calls": 1, "renewal_period": "minute", "burst": 2}]}""", "ai_gateway.rate_limits[0].burst is not a field of a rate limit")]
    [InlineData("""{"rate_limits": {"calls": 1}}""", "ai_gateway.rate_limits must be a list")]
    [InlineData("""{"budgets": [{"key": "user", "tokens": 0, "period": "day"}]}""", "ai_gateway.budgets[0].tokens must be a whole number of at least 1")]
    [InlineData("""{"budgets": [{"key": "user", "tokens": 10, "period": "week"}]}""", "ai_gateway.budgets[0].period must be one of day, month")]
    [InlineData("""{"budgets": [{"tokens": 10, "period": "day"}]}""", "ai_gateway.budgets[0].key is required")]
    [InlineData("""{"budgets": [{"key": "endpoint", "principal": "x", "tokens": 10, "period": "day"}]}""", "ai_gateway.budgets[0].principal needs key user")]
    [InlineData("""{"inference_table_config": {"catalog_name": "main", "enabled": true}}""", "ai_gateway.inference_table_config.schema_name is required when the inference table is enabled")]
    [InlineData("""{"inference_table_config": {"catalog_name": "main", "schema_name": "../etc", "enabled": true}}""", "ai_gateway.inference_table_config.schema_name '../etc' must be an identifier")]
    [InlineData("""{"inference_table_config": {"catalog_name": "m", "schema_name": "s", "table_name_prefix": "a-b", "enabled": true}}""", "ai_gateway.inference_table_config.table_name_prefix 'a-b' must be an identifier")]
    [InlineData("""{"inference_table_config": {"catalog_name": "m", "schema_name": "s", "enabled": true, "sampling_fraction": 1.5}}""", "ai_gateway.inference_table_config.sampling_fraction must be a number above 0 and at most 1")]
    [InlineData("""{"guardrails": {"input": {"pii": {"behavior": "mask"}}}}""", "ai_gateway.guardrails.input.pii.behavior must be one of NONE, BLOCK, MASK")]
    [InlineData("""{"guardrails": {"output": {"valid_topics": ["ok", 3]}}}""", "ai_gateway.guardrails.output.valid_topics[1] must be a non-empty string")]
    [InlineData("""{"guardrails": {"output": {"safety": "very"}}}""", "ai_gateway.guardrails.output.safety must be true or false")]
    [InlineData("""{"guardrails": {"both": {}}}""", "ai_gateway.guardrails.both is not a field of guardrails")]
    [InlineData("""{"fallback_config": {"enabled": "yes"}}""", "ai_gateway.fallback_config.enabled must be true or false")]
    [InlineData("""{"usage_tracking_config": true}""", "ai_gateway.usage_tracking_config must be a JSON object")]
    [InlineData("""{"usage_tracking": {"enabled": true}}""", "ai_gateway.usage_tracking is not a field of ai_gateway")]
    public async Task InvalidPut_IsA400NamingTheField_AndChangesNothing(string body, string expected)
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            GatewayEndpoint.Create("steady", """, "ai_gateway": {"rate_limits": [{"calls": 9, "renewal_period": "hour"}]}""")));

        var message = await ApiAssert.ErrorAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("steady", "/ai-gateway"), body), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        var endpoint = await _server.GetOkJsonAsync(GatewayEndpoint.Path("steady"));
        Assert.Equal("""{"rate_limits":[{"calls":9,"renewal_period":"hour"}]}""", endpoint["ai_gateway"]!.ToJsonString());
        Assert.Equal(9, GatewayEndpoint.Enforced(_server, "steady").RateLimits.Single().Calls);
    }

    [Fact]
    public async Task InvalidCreate_NamesTheField_AndCreatesNothing()
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            GatewayEndpoint.Create("never", """, "ai_gateway": {"rate_limits": [{"calls": 1, "renewal_period": "fortnight"}]}""")), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("ai_gateway.rate_limits[0].renewal_period must be one of minute, hour, day", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await _server.Client.GetAsync(GatewayEndpoint.Path("never")), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Put_NeedsCanManage()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", GatewayEndpoint.Create("guarded")));
        var (_, token) = await _server.CreateUserWithTokenAsync("querier@example.com");
        var id = (string)(await _server.GetOkJsonAsync(GatewayEndpoint.Path("guarded")))["id"]!;
        await ApiAssert.OkJsonAsync(await _server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{id}",
            """{"access_control_list": [{"user_name": "querier@example.com", "permission_level": "CAN_QUERY"}]}"""));

        var response = await _server.ClientFor(token).PutAsync(GatewayEndpoint.Path("guarded", "/ai-gateway"),
            new StringContent("""{"rate_limits": []}""", System.Text.Encoding.UTF8, "application/json"));

        await ApiAssert.ErrorAsync(response, 403, "PERMISSION_DENIED");
        Assert.Null((await _server.GetOkJsonAsync(GatewayEndpoint.Path("guarded")))["ai_gateway"]);
    }
}
