using System.Text.Json.Nodes;
using Switchyard.SampleModels.Gguf;
using Switchyard.Testing.Providers;
using Switchyard.UiTests.Gateway;

namespace Switchyard.UiTests.Accessibility;

/// <summary>
/// A server holding one endpoint of each kind with everything their pages can show: a custom-model
/// split with tags, grants, usage tracking, a rate limit and traffic; an external OpenAI chat
/// endpoint (key by secret reference, against the loopback stand-in) with a token budget and usage;
/// a provisioned-throughput foundation endpoint on a tiny GGUF model. The pages are scanned over it.
/// </summary>
public sealed class AccessibilityScene : IAsyncLifetime
{
    public const string Custom = "a11y-custom";
    public const string External = "a11y-external";
    public const string Foundation = "a11y-foundation";
    public const string Viewer = "viewer@example.com";

    private OpenAiStandIn? _openAi;
    private ServerUnderTest? _server;

    public ServerUnderTest Server => _server ?? throw new InvalidOperationException("The scene did not start.");

    /// <summary>The token of <see cref="Viewer"/>, who may query <see cref="Custom"/> but not manage it.</summary>
    public string ViewerToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _openAi = await OpenAiStandIn.StartAsync();
        _server = await ServerUnderTest.StartAsync(extraArgs: [$"--ExternalModels:BaseUrls:openai={_openAi.BaseUrl}"]);
        await _server.RegisterSampleModelsAsync();
        await ApiAssert.OkJsonAsync(await _server.PutJsonAsync("/api/2.1/unity-catalog/models/catalog.schema.model-A/aliases/champion",
            new JsonObject { ["version_num"] = 1 }));
        var gguf = Path.Combine(_server.DataDir, "test-sources", "tiny.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(gguf)!);
        TinyLlamaModels.WriteDense(gguf, seed: 3);
        await _server.RegisterModelVersionAsync("system.ai.tiny", gguf);
        await _server.PutSecretAsync("a11y_scope", "openai_api_key", _openAi.ApiKey);
        (_, ViewerToken) = await _server.CreateUserWithTokenAsync(Viewer);

        await CreateCustomAsync(_server);
        await CreateExternalAsync(_server);
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", JsonNode.Parse("""
            {"name": "ENDPOINT", "config": {"served_entities": [
              {"name": "tiny-1", "entity_name": "system.ai.tiny", "entity_version": "1", "min_provisioned_throughput": 0, "max_provisioned_throughput": 40}]}}
            """.Replace("ENDPOINT", Foundation, StringComparison.Ordinal))!));
        await _server.WaitUntilReadyAsync(Foundation);
    }

    private static async Task CreateCustomAsync(ServerUnderTest server)
    {
        await GatewayEndpoints.CreateSplitAsync(server, Custom);
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/serving-endpoints/{Custom}/tags",
            """{"add_tags": [{"key": "team", "value": "risk"}, {"key": "canary"}]}"""));
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"/api/2.0/serving-endpoints/{Custom}/ai-gateway", JsonNode.Parse("""
            {"usage_tracking_config": {"enabled": true}, "rate_limits": [{"key": "user", "calls": 100, "renewal_period": "minute"}]}
            """)!));
        var id = (string)(await server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{Custom}"))["id"]!;
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"/api/2.0/permissions/serving-endpoints/{id}", JsonNode.Parse($$"""
            {"access_control_list": [{"user_name": "{{Viewer}}", "permission_level": "CAN_QUERY"}]}
            """)!));
        foreach (var entity in new[] { "champion", "challenger", "champion" })
        {
            await GatewayEndpoints.QueryEntityAsync(server, Custom, entity);
        }
    }

    private static async Task CreateExternalAsync(ServerUnderTest server)
    {
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", JsonNode.Parse("""
            {"name": "ENDPOINT", "config": {"served_entities": [
              {"name": "gpt", "external_model": {"name": "gpt-4o-mini", "provider": "openai", "task": "llm/v1/chat",
                "openai_config": {"openai_api_key": "{{secrets/a11y_scope/openai_api_key}}"}}}]},
             "ai_gateway": {"usage_tracking_config": {"enabled": true},
               "rate_limits": [{"key": "endpoint", "tokens": 100000, "renewal_period": "minute"}],
               "budgets": [{"key": "user", "tokens": 50000, "period": "month"}]}}
            """.Replace("ENDPOINT", External, StringComparison.Ordinal))!));
        await server.WaitUntilReadyAsync(External);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"/serving-endpoints/{External}/invocations",
            JsonNode.Parse("""{"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 8}""")!));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_openAi is not null)
        {
            await _openAi.DisposeAsync();
        }
    }
}
