using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>Each refused request is a 400 (or 404/409) naming its fault, and changes nothing.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(_server);
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await MissionScenario.WaitForUpdateAsync(_server, "multi-model");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Entity(string name, string model = MissionScenario.ModelA, string version = "1") =>
        $$"""{"name": "{{name}}", "entity_name": "{{model}}", "entity_version": "{{version}}", "workload_size": "Small"}""";

    private static string Config(string entities, string routes) =>
        $$$"""{"served_entities": [{{{entities}}}], "traffic_config": {"routes": [{{{routes}}}]}}""";

    private static string Route(string name, string percentage) => $$"""{"served_model_name": "{{name}}", "traffic_percentage": {{percentage}}}""";

    public static TheoryData<string, string> BadConfigs => new()
    {
        { Config(Entity("a") + "," + Entity("b"), Route("a", "60") + "," + Route("b", "30")), "sum to 100, got 90" },
        { Config(Entity("a") + "," + Entity("b"), Route("a", "101") + "," + Route("b", "-1")), "routes[0].traffic_percentage must be between 0 and 100" },
        { Config(Entity("a") + "," + Entity("b"), Route("a", "12.5") + "," + Route("b", "87.5")), "traffic_percentage must be a whole number" },
        { Config(Entity("a") + "," + Entity("b"), Route("a", "\"ninety\"") + "," + Route("b", "10")), "traffic_percentage must be a whole number" },
        { Config(Entity("a") + "," + Entity("b"), Route("a", "90") + "," + Route("c", "10")), "'c' does not name a served entity" },
        { Config(Entity("a") + "," + Entity("b"), Route("a", "100")), "no route for served entity 'b'" },
        { Config(Entity("a") + "," + Entity("a", MissionScenario.ModelB), Route("a", "100")), "'a' is used by another served entity" },
        { Config(Entity("a", "catalog.schema.nope"), Route("a", "100")), "registered model 'catalog.schema.nope' does not exist" },
        { Config(Entity("a", MissionScenario.ModelA, "7"), Route("a", "100")), "has no version or alias '7'" },
        { Config(Entity("a", "not-three-levels"), Route("a", "100")), "three-level name" },
        { Config(Entity("bad name"), Route("bad name", "100")), "name 'bad name' must be" },
        { Config("""{"name": "a", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Huge"}""", Route("a", "100")), "workload_size 'Huge'" },
        { Config(Entity("a") + "," + """{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat"}}""", Route("a", "50") + "," + Route("gpt", "50")), "mixes kinds" },
        { """{"served_entities": [""" + Entity("a") + "," + Entity("b") + "]}", "traffic_config is required" },
        { """{"served_entities": []}""", "at least one served entity" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task Create_BadConfig_Is400NamingTheFieldAndCreatesNothing(string config, string expected)
    {
        var message = await ApiAssert.ErrorAsync(
            await _server.PostJsonAsync("/api/2.0/serving-endpoints", $$"""{"name": "other", "config": {{config}}}"""), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/other"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task UpdateConfig_BadConfig_Is400AndTheEndpointIsUnchanged(string config, string expected)
    {
        var before = await ApiAssert.OkJsonAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"));

        var message = await ApiAssert.ErrorAsync(
            await _server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", config), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        var after = await ApiAssert.OkJsonAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"));
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    public static TheoryData<string, string> EntityFailures => new()
    {
        { Config(Entity("current", "catalog.schema.nope") + "," + Entity("challenger", MissionScenario.ModelB), Route("current", "90") + "," + Route("challenger", "10")), "registered model 'catalog.schema.nope' does not exist" },
        { Config("""{"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Huge"}""", Route("current", "100")), "workload_size 'Huge'" },
        { Config(Entity("current", MissionScenario.ModelA, "7"), Route("current", "100")), "has no version or alias '7'" },
        { Config("""{"entity_name": "catalog.schema.nope", "entity_version": "1"}""", Route("nope-1", "100")), "registered model 'catalog.schema.nope' does not exist" },
    };

    [Theory]
    [MemberData(nameof(EntityFailures))]
    public async Task Create_EntityFailsItsOwnCheck_ReportsOnlyThatNotTheRouteNamingIt(string config, string expected)
    {
        var message = await ApiAssert.ErrorAsync(
            await _server.PostJsonAsync("/api/2.0/serving-endpoints", $$"""{"name": "other", "config": {{config}}}"""), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("traffic_config", message, StringComparison.Ordinal);
        Assert.DoesNotContain("does not name a served entity", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_EntityFails_ARouteToNoEntityAtAllIsStillReported()
    {
        var config = Config(Entity("current", "catalog.schema.nope") + "," + Entity("challenger", MissionScenario.ModelB), Route("current", "90") + "," + Route("ghost", "10"));

        var message = await ApiAssert.ErrorAsync(
            await _server.PostJsonAsync("/api/2.0/serving-endpoints", $$"""{"name": "other", "config": {{config}}}"""), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("registered model 'catalog.schema.nope' does not exist", message, StringComparison.Ordinal);
        Assert.Contains("traffic_config.routes[1].served_model_name 'ghost' does not name a served entity", message, StringComparison.Ordinal);
        Assert.DoesNotContain("'current' does not name", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-starts-with-dash")]
    [InlineData("has.dot")]
    [InlineData("a-name-that-is-far-too-long-for-the-documented-limit-of-63-chars-x")]
    public async Task Create_BadEndpointName_Is400QuotingTheRule(string name)
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            $$$"""{"name": "{{{name}}}", "config": {"served_entities": [{{{Entity("a")}}}]}}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("maximum 63 characters", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ExistingName_IsResourceAlreadyExists()
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody), 409, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains("multi-model", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingEndpoint_IsResourceDoesNotExist()
    {
        await ApiAssert.ErrorAsync(await _server.PutJsonAsync("/api/2.0/serving-endpoints/ghost/config", MissionScenario.UpdateTo5050), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await _server.Client.DeleteAsync("/api/2.0/serving-endpoints/ghost"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await _server.Client.GetAsync("/api/2.0/serving-endpoints/ghost"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Create_SingleEntityWithoutTrafficConfig_Gets100Percent()
    {
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints",
            """{"name": "solo", "config": {"served_entities": [{"entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "tags_we_do_not_use": {"kept": true}}]}, "tags": [{"key": "team", "value": "ml"}]}"""));
        var endpoint = await MissionScenario.WaitForUpdateAsync(_server, "solo");

        var route = endpoint["config"]!["traffic_config"]!["routes"]![0]!;
        Assert.Equal("model-A-1", (string?)route["served_model_name"]);
        Assert.Equal("model-A-1", (string?)route["served_entity_name"]);
        Assert.Equal(100, (int)route["traffic_percentage"]!);
        Assert.True((bool)endpoint["config"]!["served_entities"]![0]!["tags_we_do_not_use"]!["kept"]!);
        Assert.Equal("team", (string?)endpoint["tags"]![0]!["key"]);
    }

    [Fact]
    public async Task Create_BodyNotAnObject_Is400()
    {
        await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", "[1, 2]"), 400, "BAD_REQUEST");
        await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", """{"config": {}}"""), 400, "INVALID_PARAMETER_VALUE");
    }
}
