using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.ProvisionedThroughput;

/// <summary>
/// <c>POST /api/2.0/serving-endpoints/pt</c> and <c>PUT /api/2.0/serving-endpoints/pt/{name}/config</c>
/// driven with the bodies databricks-sdk-py's <c>create_provisioned_throughput_endpoint</c> and
/// <c>update_provisioned_throughput_endpoint_config</c> send (PtEndpointCoreConfig.as_dict()).
/// </summary>
public sealed class ProvisionedThroughputRouteTests(RegisteredModelsHost host) : IClassFixture<RegisteredModelsHost>
{
    private const string RateMetric = "llm_provisioned_tokens_per_second";

    /// <summary>A PtServedModel as the SDK writes it, with extra fields spliced in.</summary>
    private static string Entity(string model = FoundationModels.Mistral, string version = "2", string units = "5", string extra = "") =>
        $$"""{"entity_name": "{{model}}", "entity_version": "{{version}}", "name": "served", "provisioned_model_units": {{units}}{{extra}}}""";

    private static string CreateBody(string name, string entity, string extra = "") => $$$"""
        {"name": "{{{name}}}", "config": {"served_entities": [{{{entity}}}],
          "traffic_config": {"routes": [{"served_entity_name": "served", "traffic_percentage": 100}]}},
         "tags": [{"key": "team", "value": "llm"}], "budget_policy_id": "policy-1"{{{extra}}} }
        """;

    [Fact]
    public async Task Sdk_create_serves_the_units_as_a_fixed_band_and_sdk_update_resizes_it()
    {
        var created = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/pt", CreateBody("pt-units", Entity())));

        Assert.Equal("pt-units", (string?)created["name"]);
        Assert.Equal("policy-1", (string?)created["budget_policy_id"]);
        var declared = (created["pending_config"] ?? created["config"])!["served_entities"]![0]!;
        Assert.Equal(5, (int)declared["provisioned_model_units"]!);
        Assert.Null(declared["max_provisioned_throughput"]);
        var ready = await MissionScenario.WaitForUpdateAsync(host.Server, "pt-units", TimeSpan.FromMinutes(2));
        Assert.Equal("READY", (string?)ready["state"]!["ready"]);
        // Five units of a version with the default 20 tokens/s chunk.
        Assert.Equal(100, await host.MetricAsync("pt-units", RateMetric, "served"));
        var answer = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync(
            "/serving-endpoints/pt-units/invocations", """{"prompt": "Hello", "max_tokens": 3, "temperature": 0}"""));
        Assert.Equal("text_completion", (string?)answer["object"]);

        var updated = await ApiAssert.OkJsonAsync(await host.Server.PutJsonAsync("/api/2.0/serving-endpoints/pt/pt-units/config",
            $$$"""{"config": {"served_entities": [{{{Entity(units: "3")}}}], "traffic_config": {"routes": [{"served_entity_name": "served", "traffic_percentage": 100}]} }}"""));

        Assert.Equal(3, (int)updated["pending_config"]!["served_entities"]![0]!["provisioned_model_units"]!);
        var resized = await MissionScenario.WaitForUpdateAsync(host.Server, "pt-units", TimeSpan.FromMinutes(2));
        Assert.Equal(2, (int)resized["config"]!["config_version"]!);
        Assert.Equal(3, (int)resized["config"]!["served_entities"]![0]!["provisioned_model_units"]!);
        Assert.Equal(60, await host.MetricAsync("pt-units", RateMetric, "served"));
    }

    [Fact]
    public async Task Burst_scaling_sent_as_false_is_accepted()
    {
        var created = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/pt",
            CreateBody("pt-no-burst", Entity(extra: ", \"burst_scaling_enabled\": false"))));

        Assert.Equal("pt-no-burst", (string?)created["name"]);
    }

    public static TheoryData<string, string> RefusedCreates => new()
    {
        { CreateBody("pt-refused", Entity(MissionScenario.ModelA, "1")), "served_entities[0].entity_name: version 1 of 'catalog.schema.model-A' is a onnx model; provisioned throughput serves GGUF foundation models" },
        {
            CreateBody("pt-refused", """{"entity_name": "catalog.schema.model-A", "entity_version": "1", "name": "served", "workload_size": "Small"}"""),
            "served_entities[0].provisioned_model_units is required on the provisioned-throughput routes"
        },
        {
            CreateBody("pt-refused", """{"name": "served", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key_plaintext": "sk-not-real"}}}"""),
            "served_entities[0].external_model: the provisioned-throughput routes serve foundation models only"
        },
        { CreateBody("pt-refused", Entity(extra: ", \"burst_scaling_enabled\": true")), "served_entities[0].burst_scaling_enabled: this server cannot burst above the provisioned rate" },
        { CreateBody("pt-refused", Entity(extra: ", \"pt_term\": \"COMMITMENT_TERM_1_MONTH\"")), "served_entities[0].pt_term: this server sells no capacity commitments" },
        { CreateBody("pt-refused", Entity(), ", \"relocate_pt_commitment\": {\"source_endpoint\": \"old\"}"), "relocate_pt_commitment: this server sells no capacity commitments" },
        { CreateBody("pt-refused", Entity(units: "0")), "served_entities[0].provisioned_model_units is 0; it must be 1 or more" },
        { CreateBody("pt-refused", Entity(extra: ", \"max_provisioned_throughput\": 100")), "served_entities[0].provisioned_model_units cannot be given with min/max_provisioned_throughput" },
        { """{"name": "pt-refused"}""", "config is required" },
    };

    [Theory]
    [MemberData(nameof(RefusedCreates))]
    public async Task Refused_create_is_400_naming_the_field_and_creates_nothing(string body, string expected)
    {
        var message = await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/pt", body), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-not-real", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/pt-refused"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Update_to_a_custom_model_is_refused_and_the_config_stays()
    {
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/pt", CreateBody("pt-kept", Entity())));
        await MissionScenario.WaitForUpdateAsync(host.Server, "pt-kept", TimeSpan.FromMinutes(2));

        var message = await ApiAssert.ErrorAsync(await host.Server.PutJsonAsync("/api/2.0/serving-endpoints/pt/pt-kept/config",
            $$$"""{"config": {"served_entities": [{{{Entity(MissionScenario.ModelA, "1")}}}]}}"""), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("is a onnx model; provisioned throughput serves GGUF foundation models", message, StringComparison.Ordinal);
        var endpoint = await ApiAssert.OkJsonAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/pt-kept"));
        Assert.Equal(1, (int)endpoint["config"]!["config_version"]!);
        Assert.Equal(FoundationModels.Mistral, (string?)endpoint["config"]!["served_entities"]![0]!["entity_name"]);
    }

    [Fact]
    public async Task Update_of_an_unknown_endpoint_is_404()
    {
        await ApiAssert.ErrorAsync(await host.Server.PutJsonAsync("/api/2.0/serving-endpoints/pt/nowhere/config",
            $$$"""{"config": {"served_entities": [{{{Entity()}}}]}}"""), 404, "RESOURCE_DOES_NOT_EXIST");
    }
}
