using Switchyard.Core.Gateway;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Gateway.Config;

/// <summary>
/// The deprecated forms still in use: <c>PUT …/rate-limits</c> and the create field
/// <c>rate_limits</c> (calls per minute by user or endpoint), and <c>config.auto_capture_config</c>
/// with its <c>state.payload_table</c>. Each is stored, shown and enforced with the gateway's own.
/// </summary>
public sealed class LegacyGatewayFieldsTests : IAsyncLifetime
{
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task LegacyRateLimitsRoute_AnswersTheList_AndItsRulesJoinTheGatewaysOwn()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            GatewayEndpoint.Create("legacy", """, "ai_gateway": {"rate_limits": [{"calls": 0, "key": "user_group", "renewal_period": "day"}]}""")));
        const string Rules = """[{"calls":5,"key":"user","renewal_period":"minute"},{"calls":50,"renewal_period":"minute"}]""";

        var answer = await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("legacy", "/rate-limits"), $$"""{"rate_limits": {{Rules}}}"""));
        var again = await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("legacy", "/rate-limits"), $$"""{"rate_limits": {{Rules}}}"""));

        Assert.Equal($$"""{"rate_limits":{{Rules}}}""", answer.ToJsonString());
        Assert.Equal(answer.ToJsonString(), again.ToJsonString());
        Assert.Equal(Rules, (await _server.GetOkJsonAsync(GatewayEndpoint.Path("legacy")))["rate_limits"]!.ToJsonString());
        Assert.Equal(
            [
                new RateLimitRule("ai_gateway.rate_limits[0]", LimitKey.UserGroup, null, 0, null, RenewalPeriod.Day),
                new RateLimitRule("rate_limits[0]", LimitKey.User, null, 5, null, RenewalPeriod.Minute),
                new RateLimitRule("rate_limits[1]", LimitKey.Endpoint, null, 50, null, RenewalPeriod.Minute),
            ],
            GatewayEndpoint.Enforced(_server, "legacy").RateLimits);

        var cleared = await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("legacy", "/rate-limits"), """{"rate_limits": []}"""));
        Assert.Empty(cleared["rate_limits"]!.AsArray());
        Assert.Single(GatewayEndpoint.Enforced(_server, "legacy").RateLimits);
    }

    [Theory]
    [InlineData("""{"rate_limits": [{"key": "user", "renewal_period": "minute"}]}""", "rate_limits[0].calls is required")]
    [InlineData("""{"rate_limits": [{"calls": 5, "renewal_period": "hour"}]}""", "rate_limits[0].renewal_period must be one of minute")]
    [InlineData("""{"rate_limits": [{"calls": 5, "tokens": 9, "renewal_period": "minute"}]}""", "rate_limits[0].tokens is not a field of a legacy rate limit")]
    public async Task LegacyRateLimitsRoute_TakesOnlyItsOwnForm(string body, string expected)
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            GatewayEndpoint.Create("strict", """, "rate_limits": [{"calls": 3, "renewal_period": "minute"}]""")));

        var message = await ApiAssert.ErrorAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("strict", "/rate-limits"), body), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Equal(3, GatewayEndpoint.Enforced(_server, "strict").RateLimits.Single().Calls);
    }

    [Fact]
    public async Task LegacyRateLimits_OnCreate_AreStoredAndEnforced_AcrossARestart()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            GatewayEndpoint.Create("created", """, "rate_limits": [{"calls": 12, "key": "user", "renewal_period": "minute"}]""")));

        await _server.RestartAsync();

        Assert.Equal("""[{"calls":12,"key":"user","renewal_period":"minute"}]""", (await _server.GetOkJsonAsync(GatewayEndpoint.Path("created")))["rate_limits"]!.ToJsonString());
        Assert.Equal(new RateLimitRule("rate_limits[0]", LimitKey.User, null, 12, null, RenewalPeriod.Minute), GatewayEndpoint.Enforced(_server, "created").RateLimits.Single());
    }

    [Fact]
    public async Task AutoCaptureConfig_IsStored_ShownWithItsPayloadTable_AndEnforcedAsTheInferenceTable()
    {
        var created = await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", $$"""
            {"name": "captured-ep", "config": {{Config("""{"catalog_name": "ml", "schema_name": "ads"}""")}}}
            """));

        var shown = created["config"]!["auto_capture_config"]!;
        Assert.Equal("ml", (string?)shown["catalog_name"]);
        Assert.Equal("""{"name":"captured_ep_payload","status":"ACTIVE","status_message":"Requests are written to ml.ads.captured_ep_payload."}""",
            shown["state"]!["payload_table"]!.ToJsonString());
        // The table of a config is enforced once that config serves.
        await MissionScenario.WaitForUpdateAsync(_server, "captured-ep");
        Assert.Equal(new InferenceTableConfig("ml", "ads", "captured_ep", true), GatewayEndpoint.Enforced(_server, "captured-ep").InferenceTable);

        // Switching off without names keeps them.
        var off = await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("captured-ep", "/config"), Config("""{"enabled": false}""")));
        var pending = off["pending_config"]!["auto_capture_config"]!;
        Assert.Equal(("ml", "ads"), ((string?)pending["catalog_name"], (string?)pending["schema_name"]));
        Assert.Equal("DISABLED", (string?)pending["state"]!["payload_table"]!["status"]);
        await MissionScenario.WaitForUpdateAsync(_server, "captured-ep");
        Assert.False(GatewayEndpoint.Enforced(_server, "captured-ep").CapturesPayloads);

        // A client that sends back the block it was shown (state included) is understood: on again.
        var on = await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("captured-ep", "/config"), Config(shown.ToJsonString())));
        Assert.Equal("ACTIVE", (string?)on["pending_config"]!["auto_capture_config"]!["state"]!["payload_table"]!["status"]);
        await MissionScenario.WaitForUpdateAsync(_server, "captured-ep");
        Assert.True(GatewayEndpoint.Enforced(_server, "captured-ep").CapturesPayloads);
    }

    private static string Config(string autoCapture) =>
        $$"""{"served_entities": [{"name": "a", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}], "auto_capture_config": {{autoCapture}}}""";

    [Fact]
    public async Task BothTablesEnabled_IsRefusedNamingBoth()
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "twice", "config": {"served_entities": [{"entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}],
             "auto_capture_config": {"catalog_name": "ml", "schema_name": "ads", "enabled": true}},
             "ai_gateway": {"inference_table_config": {"catalog_name": "main", "schema_name": "logs", "enabled": true}}}
            """), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("ai_gateway.inference_table_config and config.auto_capture_config are both enabled", message, StringComparison.Ordinal);

        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "once", "config": {"served_entities": [{"entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}],
             "auto_capture_config": {"catalog_name": "ml", "schema_name": "ads"}}}
            """));
        message = await ApiAssert.ErrorAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("once", "/ai-gateway"),
            """{"inference_table_config": {"catalog_name": "main", "schema_name": "logs", "enabled": true}}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("are both enabled", message, StringComparison.Ordinal);
        Assert.Null((await _server.GetOkJsonAsync(GatewayEndpoint.Path("once")))["ai_gateway"]);
    }
}
