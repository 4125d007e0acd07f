using System.Text.Json.Nodes;
using Switchyard.Server.Drivers;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Drivers;

/// <summary>
/// A kind of served entity added from outside the server, through <see cref="EntityDriverRegistration.AddEntityDriver{TDriver}"/>
/// alone, is read, validated, deployed, listed and queried like the built-in kinds.
/// </summary>
public sealed class NewKindTests
{
    private const string Config = """
        {"name": "tally", "config": {"served_entities": [
          {"name": "by-three", "counter": {"step": 3}},
          {"name": "by-five", "counter": {"step": 5}}],
          "traffic_config": {"routes": [
            {"served_model_name": "by-three", "traffic_percentage": 100},
            {"served_model_name": "by-five", "traffic_percentage": 0}]}}}
        """;

    [Fact]
    public async Task A_kind_registered_from_a_test_assembly_is_served_end_to_end()
    {
        await using var server = await ServerUnderTest.StartAsync(services => services.AddEntityDriver<CounterDriver>());
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", Config));

        var ready = await MissionScenario.WaitForUpdateAsync(server, "tally");
        Assert.Equal("NOT_UPDATING", (string?)ready["state"]!["config_update"]);
        Assert.Equal("READY", (string?)ready["state"]!["ready"]);
        Assert.Equal("DEPLOYMENT_READY", (string?)ready["config"]!["served_entities"]![0]!["state"]!["deployment"]);

        // The split sends everything to by-three; the path pins by-five.
        var first = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/tally/invocations", "{}"));
        var second = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/tally/invocations", "{}"));
        var pinned = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/tally/served-models/by-five/invocations", "{}"));
        Assert.Equal([3L, 6L, 5L], new[] { first, second, pinned }.Select(a => (long)a["predictions"]![0]!));

        var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints"));
        var summary = list["endpoints"]!.AsArray().Single(e => (string?)e!["name"] == "tally")!;
        Assert.Equal(3, (int)summary["config"]!["served_entities"]![0]!["counter"]!["step"]!);

        var buildLog = await server.Client.GetStringAsync("/api/2.0/serving-endpoints/tally/served-models/by-three/build-logs");
        Assert.Contains("a counter in steps of 3", buildLog);
    }

    [Fact]
    public async Task Its_validation_names_the_field_and_the_kinds_do_not_mix()
    {
        await using var server = await ServerUnderTest.StartAsync(services => services.AddEntityDriver<CounterDriver>());

        var noStep = await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints",
            """{"name": "bad", "config": {"served_entities": [{"name": "c", "counter": {}}]}}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("served_entities[0].counter.step is required", noStep);

        var mixed = await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "mixed", "config": {"served_entities": [
              {"name": "c", "counter": {"step": 1}},
              {"name": "x", "external_model": {"name": "gpt-4o-mini", "provider": "openai", "task": "llm/v1/chat",
                "openai_config": {"openai_api_key_plaintext": "sk-test"}}}]}}
            """), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("mixes kinds of served entity (counters, external models)", mixed);
    }

    [Fact]
    public async Task Without_its_registration_the_same_entity_is_read_as_a_custom_model()
    {
        await using var server = await ServerUnderTest.StartAsync();

        var error = await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints",
            """{"name": "tally", "config": {"served_entities": [{"name": "c", "counter": {"step": 1}}]}}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("served_entities[0].entity_name is required", error);
    }
}
