using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>External-model configs: each fault is a 400 naming the field, and nothing is created.</summary>
public sealed class ExternalConfigValidationTests
{
    private const string OpenAi = """{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key": "{{secrets/my_openai_secret_scope/openai_api_key}}"}}}""";

    public static TheoryData<string, string> Faults => new()
    {
        { Config("""{"name": "a", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key": "{{secrets/my_openai_secret_scope/openai_api_key}}"}}}""",
                 """{"name": "b", "external_model": {"name": "text-embedding-3-small", "provider": "openai", "task": "llm/v1/embeddings", "openai_config": {"openai_api_key": "{{secrets/my_openai_secret_scope/openai_api_key}}"}}}"""),
          "mixes external model tasks" },
        { Config(OpenAi, OpenAi), "name 'gpt' is used by another served entity" },
        { Config(OpenAi, """{"name": "custom", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}"""), "mixes kinds" },
        { Config("""{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {}}}"""),
          "openai_config.openai_api_key is required" },
        { Config("""{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key": "{{secrets/my_openai_secret_scope/openai_api_key}}", "openai_api_key_plaintext": "sk-x"}}}"""),
          "give openai_api_key or openai_api_key_plaintext, not both" },
        { Config("""{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key": "{{secrets/nowhere/nothing}}"}}}"""),
          "openai_config.openai_api_key" },
        { Config("""{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "anthropic_config": {"anthropic_api_key_plaintext": "x"}}}"""),
          "anthropic_config does not go with provider 'openai'" },
        { Config("""{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "mystery", "task": "llm/v1/chat"}}"""), "provider 'mystery' is not one of" },
        { Config("""{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v2/chat", "openai_config": {"openai_api_key_plaintext": "x"}}}"""), "task 'llm/v2/chat'" },
        { Config("""{"name": "gpt", "workload_size": "Small", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key_plaintext": "x"}}}"""),
          "workload_size cannot be given with external_model" },
        { Config("""{"name": "az", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_type": "azure", "openai_api_key_plaintext": "x"}}}"""),
          "openai_config.openai_api_base is required" },
        { Config("""{"name": "c", "external_model": {"name": "m", "provider": "custom", "task": "llm/v1/chat", "custom_provider_config": {"custom_provider_url": "ftp://x"}}}"""),
          "custom_provider_url 'ftp://x' must be an absolute http or https URL" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Create_WithAFault_IsRefusedNamingItAndCreatesNothing(string body, string expected)
    {
        await using var host = await ExternalModelHost.StartAsync();
        await MissionScenario.RegisterSamplesAsync(host.Server);

        var message = await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", body), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        var list = await ApiAssert.OkJsonAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints"));
        Assert.Empty(list["endpoints"]!.AsArray());
    }

    [Fact]
    public async Task Update_ExternalEndpointToCustomModels_IsRefused()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await MissionScenario.RegisterSamplesAsync(host.Server);
        await host.CreateMissionEndpointAsync();

        var response = await host.Server.PutJsonAsync("/api/2.0/serving-endpoints/mix-chat-endpoint/config",
            """{"served_entities": [{"name": "a", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}]}""");

        var message = await ApiAssert.ErrorAsync(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("serves external models and cannot stop", message, StringComparison.Ordinal);
    }

    private static string Config(params string[] entities)
    {
        var routes = entities.Select((e, i) => $$"""{"served_model_name": "{{NameOf(e)}}", "traffic_percentage": {{(i == 0 ? 100 : 0)}}}""");
        var traffic = entities.Length == 1 ? "" : ", \"traffic_config\": {\"routes\": [" + string.Join(", ", routes) + "]}";
        return "{\"name\": \"ext\", \"config\": {\"served_entities\": [" + string.Join(", ", entities) + "]" + traffic + "}}";
    }

    private static string NameOf(string entity) => System.Text.Json.Nodes.JsonNode.Parse(entity)!["name"]!.GetValue<string>();
}
