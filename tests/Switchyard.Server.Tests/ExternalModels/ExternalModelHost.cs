using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing.Providers;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>
/// The server with OpenAI and Anthropic stand-ins on loopback in place of the providers (the
/// server's <c>ExternalModels:BaseUrls</c> points at them), and the mission's secret scopes
/// holding the stand-ins' keys, so the mission's external-model body works as written.
/// </summary>
public sealed class ExternalModelHost : IAsyncDisposable
{
    /// <summary>The mission's third example, exactly as its Python dict would be sent (MLflow posts to the trailing-slash path).</summary>
    public const string MissionBody = """
        {"name": "mix-chat-endpoint", "config": {
            "served_entities": [
                {"name": "served_model_name_1", "external_model": {"name": "gpt-4", "provider": "openai",
                    "task": "llm/v1/chat",
                    "openai_config": {"openai_api_key": "{{secrets/my_openai_secret_scope/openai_api_key}}"}}},
                {"name": "served_model_name_2", "external_model": {"name": "claude-3-opus-20240229",
                    "provider": "anthropic", "task": "llm/v1/chat",
                    "anthropic_config": {"anthropic_api_key": "{{secrets/my_anthropic_secret_scope/anthropic_api_key}}"}}}],
            "traffic_config": {"routes": [
                {"served_model_name": "served_model_name_1", "traffic_percentage": 50},
                {"served_model_name": "served_model_name_2", "traffic_percentage": 50}]}}}
        """;

    public const string ChatQuery = """{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello."}], "max_tokens": 64}""";

    private ExternalModelHost(ServerUnderTest server, OpenAiStandIn openAi, AnthropicStandIn anthropic)
    {
        Server = server;
        OpenAi = openAi;
        Anthropic = anthropic;
    }

    public ServerUnderTest Server { get; }

    public OpenAiStandIn OpenAi { get; }

    public AnthropicStandIn Anthropic { get; }

    public static async Task<ExternalModelHost> StartAsync(params string[] extraArgs)
    {
        var openAi = await OpenAiStandIn.StartAsync();
        var anthropic = await AnthropicStandIn.StartAsync();
        var server = await ServerUnderTest.StartAsync(
            [$"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}", $"--ExternalModels:BaseUrls:anthropic={anthropic.BaseUrl}", .. extraArgs]);
        var host = new ExternalModelHost(server, openAi, anthropic);
        await host.PutSecretAsync("my_openai_secret_scope", "openai_api_key", openAi.ApiKey);
        await host.PutSecretAsync("my_anthropic_secret_scope", "anthropic_api_key", anthropic.ApiKey);
        return host;
    }

    /// <summary>Creates the mission's 50/50 endpoint and waits until it serves.</summary>
    public async Task CreateMissionEndpointAsync()
    {
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints/", MissionBody));
        var ready = await MissionScenario.WaitForUpdateAsync(Server, "mix-chat-endpoint");
        Assert.Equal("NOT_UPDATING", (string?)ready["state"]!["config_update"]);
    }

    public async Task PutSecretAsync(string scope, string key, string value)
    {
        await Server.PostJsonAsync("/api/2.0/secrets/scopes/create", $$"""{"scope": "{{scope}}"}""");
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/secrets/put",
            $$"""{"scope": "{{scope}}", "key": "{{key}}", "string_value": "{{value}}"}"""));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await OpenAi.DisposeAsync();
        await Anthropic.DisposeAsync();
    }
}
