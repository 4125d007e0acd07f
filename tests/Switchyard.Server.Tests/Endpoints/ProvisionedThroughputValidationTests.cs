using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// Every provisioned-throughput band error is a 400 INVALID_PARAMETER_VALUE naming its field, and
/// the mission's <c>multi-pt-model</c> request is accepted as written.
/// </summary>
public sealed class ProvisionedThroughputValidationTests : IAsyncLifetime
{
    private const string CoarseModel = "system.ai.coarse";
    private ServerUnderTest _server = null!;
    private TempFolder _folder = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        _folder = new TempFolder();
        await MissionScenario.RegisterSamplesAsync(_server);
        await FoundationModels.RegisterMissionModelsAsync(_server, _folder.Path);

        // A version that sets its own chunk in its MLmodel.
        var coarse = Path.Combine(_folder.Path, "coarse");
        Directory.CreateDirectory(coarse);
        File.Copy(Path.Combine(_folder.Path, "tiny-llama.gguf"), Path.Combine(coarse, "model.gguf"));
        await File.WriteAllTextAsync(Path.Combine(coarse, "MLmodel"), "flavors:\n  gguf:\n    model_file: model.gguf\n    throughput_chunk_size: 980\n");
        await FoundationModels.RegisterAsync(_server, CoarseModel, coarse, 1);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    private static string Pt(string band, string model = FoundationModels.Mistral, string version = "2", string name = "pt") =>
        $$"""{"name": "{{name}}", "entity_name": "{{model}}", "entity_version": "{{version}}", {{band}}}""";

    private static string Config(params string[] entities) => $$"""{"served_entities": [{{string.Join(",", entities)}}]}""";

    private static string Split(string a, string b) =>
        $$$"""{"served_entities": [{{{a}}}, {{{b}}}], "traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 50}, {"served_model_name": "b", "traffic_percentage": 50}]}}""";

    private static readonly string WithExternal = Split(
        Pt("\"max_provisioned_throughput\": 200", name: "a"),
        """{"name": "b", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key_plaintext": "sk-not-real"}}}""");

    public static TheoryData<string, string> BadBands => new()
    {
        { Config(Pt("\"min_provisioned_throughput\": 0, \"max_provisioned_throughput\": 1950")), "served_entities[0].max_provisioned_throughput is 1950; it must be a multiple of the model's throughput chunk of 20" },
        { Config(Pt("\"min_provisioned_throughput\": 10, \"max_provisioned_throughput\": 1940")), "served_entities[0].min_provisioned_throughput is 10; it must be a multiple of the model's throughput chunk of 20" },
        { Config(Pt("\"min_provisioned_throughput\": 0, \"max_provisioned_throughput\": 1940", CoarseModel, "1")), "served_entities[0].max_provisioned_throughput is 1940; it must be a multiple of the model's throughput chunk of 980" },
        { Config(Pt("\"min_provisioned_throughput\": 400, \"max_provisioned_throughput\": 200")), "served_entities[0].min_provisioned_throughput (400) is above max_provisioned_throughput (200)" },
        { Config(Pt("\"min_provisioned_throughput\": 0, \"max_provisioned_throughput\": 0")), "served_entities[0].max_provisioned_throughput is 0; it must be more than 0" },
        { Config(Pt("\"min_provisioned_throughput\": 0")), "served_entities[0].max_provisioned_throughput is required" },
        { Config(Pt("\"min_provisioned_throughput\": -20, \"max_provisioned_throughput\": 200")), "served_entities[0].min_provisioned_throughput is -20; it must be 0 or more" },
        { Config(Pt("\"max_provisioned_throughput\": 2000000")), "served_entities[0].max_provisioned_throughput is 2000000; at most 1000000" },
        { Config(Pt("\"max_provisioned_throughput\": 200, \"workload_size\": \"Small\"")), "served_entities[0].workload_size cannot be given with min/max_provisioned_throughput" },
        { Config(Pt("\"max_provisioned_throughput\": 200, \"min_provisioned_concurrency\": 4")), "served_entities[0].min_provisioned_concurrency cannot be given with min/max_provisioned_throughput" },
        { Config(Pt("\"max_provisioned_throughput\": 200, \"max_provisioned_concurrency\": 8")), "served_entities[0].max_provisioned_concurrency cannot be given with min/max_provisioned_throughput" },
        { Config(Pt("\"max_provisioned_throughput\": 200, \"provisioned_model_units\": 10")), "served_entities[0].provisioned_model_units cannot be given with min/max_provisioned_throughput" },
        { Config(Pt("\"max_provisioned_throughput\": \"lots\"")), "served_entities[0].max_provisioned_throughput" },
        { Config(Pt("\"max_provisioned_throughput\": 200", MissionScenario.ModelA, "1")), "served_entities[0].entity_name: version 1 of 'catalog.schema.model-A' is a onnx model; provisioned throughput serves GGUF foundation models" },
        {
            Split(Pt("\"max_provisioned_throughput\": 200", name: "a"), """{"name": "b", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}"""),
            "config.served_entities mixes kinds of served entity"
        },
        {
            WithExternal,
            "config.served_entities mixes kinds of served entity"
        },
        { Config(Pt("\"provisioned_model_units\": 0")), "served_entities[0].provisioned_model_units is 0; it must be 1 or more" },
        { Config(Pt("\"provisioned_model_units\": -2")), "served_entities[0].provisioned_model_units is -2; it must be 1 or more" },
        { Config(Pt("\"provisioned_model_units\": \"lots\"")), "served_entities[0].provisioned_model_units must be a whole number" },
        { Config(Pt("\"provisioned_model_units\": 50001")), "served_entities[0].provisioned_model_units is 50001; at most 50000 are allowed for this version (one model unit is 20 tokens per second" },
        { Config(Pt("\"provisioned_model_units\": 1021", CoarseModel, "1")), "served_entities[0].provisioned_model_units is 1021; at most 1020 are allowed for this version (one model unit is 980 tokens per second" },
        { Config(Pt("\"provisioned_model_units\": 4, \"min_provisioned_throughput\": 0")), "served_entities[0].provisioned_model_units cannot be given with min/max_provisioned_throughput" },
        { Config(Pt("\"provisioned_model_units\": 4, \"workload_size\": \"Small\"")), "served_entities[0].workload_size cannot be given with provisioned_model_units" },
        { Config(Pt("\"provisioned_model_units\": 4, \"max_provisioned_concurrency\": 8")), "served_entities[0].max_provisioned_concurrency cannot be given with provisioned_model_units" },
        { Config(Pt("\"provisioned_model_units\": 4, \"burst_scaling_enabled\": true")), "served_entities[0].burst_scaling_enabled: this server cannot burst above the provisioned rate" },
        { Config(Pt("\"max_provisioned_throughput\": 200, \"burst_scaling_enabled\": true")), "served_entities[0].burst_scaling_enabled: this server cannot burst above the provisioned rate" },
        { Config(Pt("\"provisioned_model_units\": 4", MissionScenario.ModelA, "1")), "served_entities[0].entity_name: version 1 of 'catalog.schema.model-A' is a onnx model" },
        { Config(Pt("\"provisioned_model_units\": 4, \"workload_type\": \"GPU_MEDIUM\"")), "served_entities[0].workload_type 'GPU_MEDIUM' asks for GPU compute, but this server runs models on CPU only" },
        { Config(Pt("\"max_provisioned_throughput\": 200", version: "9")), "served_entities[0].entity_version: model 'system.ai.mistral_7b_instruct_v0_1' has no version or alias '9'" },
    };

    [Theory]
    [MemberData(nameof(BadBands))]
    public async Task Bad_band_is_400_naming_the_field_and_creates_nothing(string config, string expected)
    {
        var message = await ApiAssert.ErrorAsync(
            await _server.PostJsonAsync("/api/2.0/serving-endpoints", $$"""{"name": "pt-endpoint", "config": {{config}}}"""), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/pt-endpoint"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Secret_in_a_refused_external_entity_is_not_echoed()
    {
        var message = await ApiAssert.ErrorAsync(
            await _server.PostJsonAsync("/api/2.0/serving-endpoints", $$"""{"name": "pt-endpoint", "config": {{WithExternal}}}"""), 400, "INVALID_PARAMETER_VALUE");

        Assert.DoesNotContain("sk-not-real", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mission_multi_pt_model_request_is_accepted_as_written()
    {
        var created = await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", FoundationModels.MultiPtModelBody));

        Assert.Equal("multi-pt-model", (string?)created["name"]);
        var entities = created["pending_config"]?["served_entities"]?.AsArray() ?? created["config"]!["served_entities"]!.AsArray();
        Assert.Equal(["mistral_7b_instruct_v0_1-2", "mixtral_8x7b_instruct_v0_1-3"], entities.Select(e => (string?)e!["name"]));
        Assert.Equal(1940, (int)entities[0]!["max_provisioned_throughput"]!);
        Assert.Equal(1240, (int)entities[1]!["max_provisioned_throughput"]!);
        Assert.Equal(0, (int)entities[0]!["min_provisioned_throughput"]!);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("\"4\"")]
    public async Task Model_units_on_the_ordinary_create_are_accepted_and_echoed_as_given(string units)
    {
        var created = await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            $$"""{"name": "units", "config": {{Config(Pt($"\"provisioned_model_units\": {units}, \"scale_to_zero_enabled\": true"))}}}"""));

        var entity = (created["pending_config"] ?? created["config"])!["served_entities"]![0]!;
        Assert.Equal(units, entity["provisioned_model_units"]!.ToJsonString());
        Assert.Null(entity["min_provisioned_throughput"]);
        Assert.Null(entity["max_provisioned_throughput"]);
    }

    [Fact]
    public async Task Band_in_a_versions_own_chunk_is_accepted()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            $$"""{"name": "coarse", "config": {{Config(Pt("\"min_provisioned_throughput\": 980, \"max_provisioned_throughput\": 2940", CoarseModel, "1"))}}}"""));
    }
}
