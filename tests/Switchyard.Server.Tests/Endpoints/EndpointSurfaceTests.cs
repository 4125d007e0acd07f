using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// The top level of an endpoint as databricks-sdk-py sends and reads it: server fields cannot be
/// posed by a client, unknown fields are refused, tags are patched (<c>update_endpoint_tags</c>),
/// and malformed gateway settings are refused naming the field (the gateway's own tests are in
/// Gateway/Config).
/// </summary>
public sealed class EndpointSurfaceTests : IAsyncLifetime
{
    private const string OneEntity = """{"served_entities": [{"name": "a", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}]}""";

    private ServerUnderTest _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Create(string name, string extra) => $$"""{"name": "{{name}}", "config": {{OneEntity}}{{extra}}}""";

    [Fact]
    public async Task ServerComputedFields_AreRefusedNamingThem_AndNothingIsCreated()
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", Create("spoofed",
            """, "id": "x", "creator": "someone-else", "state": {"ready": "READY", "config_update": "NOT_UPDATING"}, "creation_timestamp": 1"""
            )), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("id, creator, state, creation_timestamp are set by the server", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/spoofed"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task UnknownTopLevelField_IsRefusedNamingIt()
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            Create("unknown", """, "replicas": 3"""
            )), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("replicas is not a field of a serving endpoint", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentedInputFields_AreKeptAndShown_WithTheServersOwnIdentity()
    {
        var created = await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", Create("documented",
            """, "tags": [{"key": "team", "value": "risk"}, {"key": "tier"}], "description": "fraud scores", "route_optimized": false, "budget_policy_id": "bp-1", "task": "ignored-by-design" """
            )));

        Assert.Equal(32, ((string)created["id"]!).Length);
        Assert.Equal("admin", (string?)created["creator"]);
        Assert.Equal("fraud scores", (string?)created["description"]);
        Assert.Equal("bp-1", (string?)created["budget_policy_id"]);
        Assert.Null(created["task"]);
        var listed = (await ApiAssert.OkJsonAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints")))["endpoints"]!.AsArray()
            .Single(e => (string?)e!["name"] == "documented")!;
        Assert.Equal("""[{"key":"team","value":"risk"},{"key":"tier"}]""", listed["tags"]!.ToJsonString());
        var summary = listed["config"]!["served_entities"]![0]!;
        Assert.Equal(("catalog.schema.model-A", "1"), ((string?)summary["entity_name"], (string?)summary["entity_version"]));
    }

    [Theory]
    [InlineData(""", "tags": {"team": "risk"}""", "tags must be a list")]
    [InlineData(""", "tags": [{"value": "risk"}]""", "tags[0].key is required")]
    [InlineData(""", "tags": [{"key": "a"}, {"key": "a"}]""", "tags[1].key 'a' is given twice")]
    [InlineData(""", "route_optimized": "yes" """, "route_optimized must be true or false")]
    [InlineData(""", "email_notifications": {"on_update_failure": ["ana@example.com"]}""", "email_notifications is not supported")]
    [InlineData(""", "rate_limits": [{"calls": 10}]""", "rate_limits[0].renewal_period is required")]
    [InlineData(""", "ai_gateway": {"rate_limits": [{"calls": 10, "renewal_period": "week"}]}""", "ai_gateway.rate_limits[0].renewal_period must be one of minute, hour, day")]
    [InlineData(""", "ai_gateway": {"usage_tracking_config": {"enabled": "sometimes"}}""", "ai_gateway.usage_tracking_config.enabled must be true or false")]
    [InlineData(""", "ai_gateway": {"inference_table_config": {"schema_name": "s", "enabled": true}}""", "ai_gateway.inference_table_config.catalog_name is required")]
    [InlineData(""", "ai_gateway": {"guardrails": {"input": {"pii": {"behavior": "HIDE"}}}}""", "ai_gateway.guardrails.input.pii.behavior must be one of NONE, BLOCK, MASK")]
    [InlineData(""", "ai_gateway": {"fallback": true}""", "ai_gateway.fallback is not a field of ai_gateway")]
    public async Task MalformedGatewaySettings_AreRefusedNamingTheField(string extra, string expected)
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", Create("refused", extra)), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/refused"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GatewaySettings_AreKeptAndShown_AndTheLegacyRateLimitsRouteTakesItsForm()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", Create("gated",
            """, "ai_gateway": {"usage_tracking_config": {"enabled": false}, "fallback_config": {"enabled": false}}, "rate_limits": []"""
            )));
        var stored = await ApiAssert.OkJsonAsync(await _server.PutJsonAsync("/api/2.0/serving-endpoints/gated/ai-gateway",
            """{"inference_table_config": {"enabled": false}, "fallback_config": {"enabled": true}}"""));
        Assert.True((bool)stored["fallback_config"]!["enabled"]!);

        await ApiAssert.ErrorAsync(await _server.PutJsonAsync("/api/2.0/serving-endpoints/gated/ai-gateway",
            """{"usage_tracking_config": {"enabled": true, "sampled": 1}}"""), 400, "INVALID_PARAMETER_VALUE");
        var endpoint = await ApiAssert.OkJsonAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/gated"));
        Assert.Null(endpoint["ai_gateway"]!["usage_tracking_config"]);
        Assert.Null(endpoint["rate_limits"]);

        var none = await ApiAssert.OkJsonAsync(await _server.PutJsonAsync("/api/2.0/serving-endpoints/gated/rate-limits", """{"rate_limits": []}"""));
        Assert.Empty(none["rate_limits"]!.AsArray());
        var message = await ApiAssert.ErrorAsync(await _server.PutJsonAsync("/api/2.0/serving-endpoints/gated/rate-limits",
            """{"rate_limits": [{"calls": 5, "key": "user_group", "renewal_period": "minute"}]}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("rate_limits[0].key must be one of user, endpoint", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await _server.PutJsonAsync("/api/2.0/serving-endpoints/ghost/rate-limits", """{"rate_limits": []}"""), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    /// <summary>The route shape of databricks-sdk-py's <c>w.serving_endpoints.patch(name, add_tags=…, delete_tags=…)</c>.</summary>
    [Fact]
    public async Task PatchTags_AddsReplacesAndDeletes_AnswersTheWholeListSortedByKey()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", Create("tagged", """, "tags": [{"key": "team", "value": "risk"}]""")));

        var added = await ApiAssert.OkJsonAsync(await _server.PatchJsonAsync("/api/2.0/serving-endpoints/tagged/tags",
            """{"add_tags": [{"key": "stage", "value": "canary"}, {"key": "team", "value": "fraud"}]}"""));
        Assert.Equal("""[{"key":"stage","value":"canary"},{"key":"team","value":"fraud"}]""", added["tags"]!.ToJsonString());

        var deleted = await ApiAssert.OkJsonAsync(await _server.PatchJsonAsync("/api/2.0/serving-endpoints/tagged/tags",
            """{"delete_tags": ["stage", "never-there"]}"""));
        Assert.Equal("""[{"key":"team","value":"fraud"}]""", deleted["tags"]!.ToJsonString());

        var endpoint = await ApiAssert.OkJsonAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/tagged"));
        Assert.Equal(deleted["tags"]!.ToJsonString(), endpoint["tags"]!.ToJsonString());

        var message = await ApiAssert.ErrorAsync(await _server.PatchJsonAsync("/api/2.0/serving-endpoints/tagged/tags",
            """{"add_tags": [{"key": 7}], "delete_tags": "team"}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("add_tags[0].key is required", message, StringComparison.Ordinal);
        Assert.Contains("delete_tags must be a list", message, StringComparison.Ordinal);
        endpoint = await ApiAssert.OkJsonAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/tagged"));
        Assert.Equal(deleted["tags"]!.ToJsonString(), endpoint["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task PatchTags_NeedsCanManage()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", Create("guarded", "")));
        var (_, token) = await _server.CreateUserWithTokenAsync("viewer@example.com");
        var endpointId = (string)(await ApiAssert.OkJsonAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/guarded")))["id"]!;
        await ApiAssert.OkJsonAsync(await _server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}",
            """{"access_control_list": [{"user_name": "viewer@example.com", "permission_level": "CAN_QUERY"}]}"""));

        var viewer = _server.ClientFor(token);
        await ApiAssert.ErrorAsync(await viewer.PatchAsync("/api/2.0/serving-endpoints/guarded/tags",
            new StringContent("""{"add_tags": [{"key": "x"}]}""", System.Text.Encoding.UTF8, "application/json")), 403, "PERMISSION_DENIED");
    }
}
