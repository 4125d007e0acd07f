using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing.Providers;

namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// The server the fuzzer runs against, with real things to name in paths: a custom-model
/// endpoint (the sample model A), OpenAI- and Anthropic-backed chat endpoints (against stand-ins), a
/// registered model with a version and an alias, a secret scope, a user and a group. Cases are
/// sent as the admin or as another user without any grant. <see cref="Known"/> gives the real values for each route parameter name.
/// </summary>
internal sealed class FuzzWorld : IAsyncDisposable
{
    private FuzzWorld(ServerUnderTest server, OpenAiStandIn openAi, AnthropicStandIn anthropic, RecordingLoggerProvider log)
    {
        Server = server;
        OpenAi = openAi;
        Anthropic = anthropic;
        Log = log;
    }

    public ServerUnderTest Server { get; }

    public OpenAiStandIn OpenAi { get; }

    /// <summary>Anthropic's wire differs most from OpenAI's, so its translation meets the junk too.</summary>
    public AnthropicStandIn Anthropic { get; }

    /// <summary>Every line the server logged; an "Unhandled failure" there is a 500 even if the answer had started.</summary>
    public RecordingLoggerProvider Log { get; }

    /// <summary>A user with a token and no grant on anything.</summary>
    public HttpClient NoGrantUser { get; private set; } = null!;

    /// <summary>A client sending no credentials (cases may add a junk header of their own).</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public Dictionary<string, string[]> Known { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<FuzzWorld> StartAsync()
    {
        var openAi = await OpenAiStandIn.StartAsync();
        var anthropic = await AnthropicStandIn.StartAsync();
        var log = new RecordingLoggerProvider();
        var server = await ServerUnderTest.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(log),
            $"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}", $"--ExternalModels:BaseUrls:anthropic={anthropic.BaseUrl}");
        var world = new FuzzWorld(server, openAi, anthropic, log);
        try
        {
            await world.CreateThingsAsync();
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }

        return world;
    }

    private async Task CreateThingsAsync()
    {
        await MissionScenario.RegisterSamplesAsync(Server);
        await ApiAssert.OkJsonAsync(await Server.PutJsonAsync(
            "/api/2.1/unity-catalog/models/catalog.schema.model-A/aliases/champion", """{"version_num": 1}"""));

        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/secrets/scopes/create", """{"scope": "fz-scope"}"""));
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/secrets/put",
            new JsonObject { ["scope"] = "fz-scope", ["key"] = "openai_api_key", ["string_value"] = OpenAi.ApiKey }.ToJsonString()));
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/secrets/put",
            new JsonObject { ["scope"] = "fz-scope", ["key"] = "anthropic_api_key", ["string_value"] = Anthropic.ApiKey }.ToJsonString()));

        var custom = await CreateEndpointAsync("""
            {"name": "fz-custom", "config": {"served_entities": [{"name": "current", "entity_name": "catalog.schema.model-A",
              "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}]}}
            """, "fz-custom");
        await CreateEndpointAsync("""
            {"name": "fz-chat", "config": {"served_entities": [{"name": "fz-chat-model", "external_model": {"name": "gpt-4",
              "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key": "{{secrets/fz-scope/openai_api_key}}"}}}]}}
            """, "fz-chat");
        await CreateEndpointAsync("""
            {"name": "fz-claude", "config": {"served_entities": [{"name": "fz-claude-model", "external_model": {"name": "claude-3-opus-20240229",
              "provider": "anthropic", "task": "llm/v1/chat",
              "anthropic_config": {"anthropic_api_key": "{{secrets/fz-scope/anthropic_api_key}}"}}}]}}
            """, "fz-claude");

        // The caller's id and token id are named in no path, so no case can deactivate or revoke it.
        var (_, callerToken) = await Server.CreateUserWithTokenAsync("fz-caller");
        NoGrantUser = Server.ClientFor(callerToken);
        Anonymous = Server.AnonymousClient();
        var (userId, userToken) = await Server.CreateUserWithTokenAsync("fz-user");
        var group = await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/preview/scim/v2/Groups", """{"displayName": "fz-group"}"""));
        var (principalId, _, _) = await Server.CreateServicePrincipalWithTokenAsync("fz-principal");

        Known["name"] = ["fz-custom", "fz-chat", "fz-claude"];
        Known["served"] = ["current", "fz-chat-model", "fz-claude-model"];
        Known["fullName"] = ["catalog.schema.model-A"];
        Known["alias"] = ["champion"];
        Known["version"] = ["1"];
        Known["securableType"] = ["function"];
        Known["modelName"] = ["catalog.schema.model-A"];
        Known["id"] = [(string)custom["id"]!, userId, (string)group["id"]!, principalId];
        Known["tokenId"] = [userToken[4..20]];
    }

    private async Task<JsonObject> CreateEndpointAsync(string body, string name)
    {
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", body));
        var ready = await MissionScenario.WaitForUpdateAsync(Server, name);
        Assert.Equal("NOT_UPDATING", (string?)ready["state"]!["config_update"]);
        return ready;
    }

    /// <summary>
    /// Real values for a route parameter, the likeliest for <paramref name="pattern"/> first (an
    /// <c>id</c> under <c>/Groups</c> is the group's); for a name no route used when this was
    /// written, every real value there is.
    /// </summary>
    public string[] ValuesFor(string parameter, string pattern)
    {
        if (!Known.TryGetValue(parameter, out var values))
        {
            return [.. Known.Values.SelectMany(static v => v).Distinct(), "catalog", "schema"];
        }

        if (parameter == "id")
        {
            var first = pattern.Contains("/Users", StringComparison.Ordinal) ? 1
                : pattern.Contains("/Groups", StringComparison.Ordinal) ? 2
                : pattern.Contains("/ServicePrincipals", StringComparison.Ordinal) ? 3
                : 0;
            return [values[first], .. values.Where((_, i) => i != first)];
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await OpenAi.DisposeAsync();
        await Anthropic.DisposeAsync();
    }
}
