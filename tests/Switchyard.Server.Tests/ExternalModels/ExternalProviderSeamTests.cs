using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Llm;
using Switchyard.Providers;
using Switchyard.Providers.Schema;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing.Providers;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>
/// A provider the server's code has never heard of (<see cref="EchoProvider"/>), registered only
/// through the public <c>AddExternalProvider</c>: the schema route lists it, its block is checked by
/// its fields, and an endpoint on it is created, loads and answers, all over real HTTP.
/// </summary>
public sealed class ExternalProviderSeamTests(ExternalProviderSeamTests.EchoServer echo) : IClassFixture<ExternalProviderSeamTests.EchoServer>
{
    private static readonly string[] BuiltIn =
        ["openai", "anthropic", "cohere", "google-cloud-vertex-ai", "amazon-bedrock", "ai21labs", "databricks-model-serving", "custom"];

    [Fact]
    public async Task SchemaRoute_ListsTheAddedProviderWithItsFields()
    {
        var answer = await ApiAssert.OkJsonAsync(await echo.Server.Client.GetAsync("/api/2.0/external-providers"));

        var provider = Provider(answer, "echo");
        Assert.Equal("echo_config", (string?)provider["config_field"]);
        Assert.Equal(["llm/v1/chat"], provider["tasks"]!.AsArray().Select(t => (string?)t));
        var fields = provider["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Equal(["greeting", "echo_api_key"], fields.Select(f => (string?)f["name"]));
        Assert.Equal(("Greeting", "text", true, "Hello"),
            ((string?)fields[0]["label"], (string?)fields[0]["kind"], (bool)fields[0]["required"]!, (string?)fields[0]["placeholder"]));
        Assert.Equal(("secret", false, "echo_api_key_plaintext"),
            ((string?)fields[1]["kind"], (bool)fields[1]["required"]!, (string?)fields[1]["plaintext_field"]));
    }

    [Fact]
    public async Task SchemaRoute_StillListsTheBuiltInProviders()
    {
        var answer = await ApiAssert.OkJsonAsync(await echo.Server.Client.GetAsync("/api/2.0/external-providers"));

        var names = answer["providers"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        Assert.All(BuiltIn, name => Assert.Contains(name, names));
        Assert.Equal(9, names.Count);
        // A field a provider reads is declared, so the validator and the UI know it too.
        Assert.Contains("cohere_api_base", Provider(answer, "cohere")["fields"]!.AsArray().Select(f => (string?)f!["name"]));
        var azureVersion = Provider(answer, "openai")["fields"]!.AsArray().Single(f => (string?)f!["name"] == "openai_api_version")!;
        Assert.Equal("openai_api_type", (string?)azureVersion["when"]!["field"]);
        Assert.Equal(["azure", "azuread"], azureVersion["when"]!["in"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["bedrock_provider"], Provider(answer, "amazon-bedrock")["fields"]!.AsArray()
            .Where(f => (string?)f!["kind"] == "choice").Select(f => (string?)f!["name"]));
        var bearer = Provider(answer, "custom")["fields"]!.AsArray().Single(f => (string?)f!["name"] == "bearer_token_auth")!;
        Assert.Equal(("block", "token", "secret"),
            ((string?)bearer["kind"], (string?)bearer["fields"]![0]!["name"], (string?)bearer["fields"]![0]!["kind"]));
    }

    [Fact]
    public async Task SchemaRoute_NeedsASignedInCaller()
    {
        var response = await echo.Server.AnonymousClient().GetAsync("/api/2.0/external-providers");

        await ApiAssert.ErrorAsync(response, 401, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task EchoEndpoint_IsCreatedLoadsAndAnswersByEchoing()
    {
        await echo.PutSecretAsync("echo", "key", "echo-secret-value");
        var body = Create("echo-chat", new JsonObject { ["greeting"] = "Hi there,", ["echo_api_key"] = "{{secrets/echo/key}}" });

        await ApiAssert.OkJsonAsync(await echo.Server.PostJsonAsync("/api/2.0/serving-endpoints", body));
        var ready = await MissionScenario.WaitForUpdateAsync(echo.Server, "echo-chat");
        Assert.Equal("READY", (string?)ready["state"]!["ready"]);
        var answer = await ApiAssert.OkJsonAsync(await echo.Server.PostJsonAsync(
            "/serving-endpoints/echo-chat/invocations", """{"messages": [{"role": "user", "content": "ping"}]}"""));

        Assert.Equal("Hi there, ping", (string?)answer["choices"]![0]!["message"]!["content"]);
        Assert.Equal("{{secrets/echo/key}}", (string?)ready["config"]!["served_entities"]![0]!["external_model"]!["echo_config"]!["echo_api_key"]);
    }

    [Fact]
    public async Task EchoBlock_WithoutGreeting_IsRefusedNamingTheField()
    {
        var response = await echo.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("echo-bare", []));

        var message = await ApiAssert.ErrorAsync(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("served_entities[0].external_model.echo_config.greeting is required.", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await echo.Server.Client.GetAsync("/api/2.0/serving-endpoints/echo-bare"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task EchoBlock_ForATaskTheProviderDoesNotServe_IsRefusedNamingTheTask()
    {
        var response = await echo.Server.PostJsonAsync("/api/2.0/serving-endpoints",
            Create("echo-embed", new JsonObject { ["greeting"] = "Hi" }, LlmTaskNames.Embeddings));

        var message = await ApiAssert.ErrorAsync(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("external_model.task: Provider 'echo' serves no embeddings", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoProvidersOfOneName_StopTheServerNamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ServerUnderTest.StartAsync(services => services
            .AddExternalProvider<EchoProvider>()
            .AddExternalProvider<SecondEcho>()));

        Assert.Contains("External provider 'echo' is registered twice", error.ToString(), StringComparison.Ordinal);
    }

    private static JsonObject Provider(JsonObject answer, string name) =>
        answer["providers"]!.AsArray().Single(p => (string?)p!["name"] == name)!.AsObject();

    private static string Create(string name, JsonObject block, string task = LlmTaskNames.Chat) => new JsonObject
    {
        ["name"] = name,
        ["config"] = new JsonObject
        {
            ["served_entities"] = new JsonArray(new JsonObject
            {
                ["external_model"] = new JsonObject
                {
                    ["name"] = "echo-1", ["provider"] = "echo", ["task"] = task, ["echo_config"] = block,
                },
            }),
        },
    }.ToJsonString();

    /// <summary>Another provider claiming the name <c>echo</c>.</summary>
    private sealed class SecondEcho : IExternalProvider
    {
        public string Name => EchoProvider.ProviderName;

        public string ConfigField => "second_echo_config";

        public ProviderSchema Schema { get; } = new();

        public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat];

        public Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct) =>
            throw new NotSupportedException("never built");
    }

    /// <summary>One server with <see cref="EchoProvider"/> added, shared by the tests of this class.</summary>
    public sealed class EchoServer : IAsyncLifetime
    {
        public ServerUnderTest Server { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Server = await ServerUnderTest.StartAsync(services => services.AddExternalProvider<EchoProvider>());

        public async Task PutSecretAsync(string scope, string key, string value)
        {
            await Server.PostJsonAsync("/api/2.0/secrets/scopes/create", new JsonObject { ["scope"] = scope }.ToJsonString());
            await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/secrets/put",
                new JsonObject { ["scope"] = scope, ["key"] = key, ["string_value"] = value }.ToJsonString()));
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
