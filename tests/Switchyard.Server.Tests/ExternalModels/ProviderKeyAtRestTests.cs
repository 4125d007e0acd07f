using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Providers;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>
/// Literal provider keys (<c>*_plaintext</c>): sealed the moment a config is read, never in an
/// answer, a log line or any file of the data folder, kept across an update that leaves them out,
/// and still opened to call the provider, before and after a restart.
/// </summary>
public sealed class ProviderKeyAtRestTests
{
    private const string Body = """
        {"name": "literal-keys", "config": {"served_entities": [
            {"name": "gpt", "external_model": {"name": "gpt-4o-mini", "provider": "openai", "task": "llm/v1/chat",
                "openai_config": {"openai_api_key_plaintext": "OPENAI_KEY"}}},
            {"name": "claude", "external_model": {"name": "claude-3-5-haiku", "provider": "anthropic", "task": "llm/v1/chat",
                "anthropic_config": {"anthropic_api_key_plaintext": "ANTHROPIC_KEY"}}}],
          "traffic_config": {"routes": [{"served_model_name": "gpt", "traffic_percentage": 50}, {"served_model_name": "claude", "traffic_percentage": 50}]}}}
        """;

    /// <summary>The same entities with their keys left out, and a new split.</summary>
    private const string UpdateWithoutKeys = """
        {"served_entities": [
            {"name": "gpt", "external_model": {"name": "gpt-4o-mini", "provider": "openai", "task": "llm/v1/chat", "openai_config": {}}},
            {"name": "claude", "external_model": {"name": "claude-3-5-haiku", "provider": "anthropic", "task": "llm/v1/chat", "anthropic_config": {}}}],
          "traffic_config": {"routes": [{"served_model_name": "gpt", "traffic_percentage": 70}, {"served_model_name": "claude", "traffic_percentage": 30}]}}
        """;

    [Fact]
    public async Task LiteralKeys_AreNeverAnsweredLoggedOrStored_AndServeAcrossUpdateAndRestart()
    {
        var log = new RecordingLoggerProvider();
        await using var openAi = await OpenAiStandIn.StartAsync();
        await using var anthropic = await AnthropicStandIn.StartAsync();
        openAi.ApiKey = "sk-openai-literal-" + Guid.NewGuid().ToString("N");
        anthropic.ApiKey = "sk-ant-literal-" + Guid.NewGuid().ToString("N");
        await using var server = await ServerUnderTest.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(log),
            $"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}", $"--ExternalModels:BaseUrls:anthropic={anthropic.BaseUrl}",
            "--Logging:LogLevel:Default=Debug");
        string[] keys = [openAi.ApiKey, anthropic.ApiKey];
        var answers = new List<string>();

        var created = await server.PostJsonAsync("/api/2.0/serving-endpoints",
            Body.Replace("OPENAI_KEY", openAi.ApiKey, StringComparison.Ordinal).Replace("ANTHROPIC_KEY", anthropic.ApiKey, StringComparison.Ordinal));
        answers.Add(await created.Content.ReadAsStringAsync());
        Assert.True(created.IsSuccessStatusCode, answers[^1]);
        var ready = await MissionScenario.WaitForUpdateAsync(server, "literal-keys");
        Assert.Equal("NOT_UPDATING", (string?)ready["state"]!["config_update"]);
        await QueryBothAsync(server, openAi, anthropic);

        // Shown as absent: the block is there, the key field is not.
        var gpt = ready["config"]!["served_entities"]![0]!["external_model"]!["openai_config"]!.AsObject();
        Assert.Empty(gpt);

        var updated = await server.PutJsonAsync("/api/2.0/serving-endpoints/literal-keys/config", UpdateWithoutKeys);
        answers.Add(await updated.Content.ReadAsStringAsync());
        Assert.True(updated.IsSuccessStatusCode, answers[^1]);
        var afterUpdate = await MissionScenario.WaitForUpdateAsync(server, "literal-keys");
        Assert.Equal("NOT_UPDATING", (string?)afterUpdate["state"]!["config_update"]);
        Assert.Equal(2, (int)afterUpdate["config"]!["config_version"]!);
        await QueryBothAsync(server, openAi, anthropic);

        answers.Add(await (await server.PutJsonAsync("/api/2.0/serving-endpoints/literal-keys/ai-gateway", """{"fallback_config": {"enabled": true}}""")).Content.ReadAsStringAsync());
        await server.RestartAsync();
        await MissionScenario.WaitForUpdateAsync(server, "literal-keys");
        await QueryBothAsync(server, openAi, anthropic);
        answers.Add(await (await server.Client.GetAsync("/api/2.0/serving-endpoints/literal-keys")).Content.ReadAsStringAsync());
        var buildLogs = await (await server.Client.GetAsync("/api/2.0/serving-endpoints/literal-keys/served-models/gpt/build-logs")).Content.ReadAsStringAsync();
        Assert.Contains("openai_config.openai_api_key_plaintext: a key given in the config, kept sealed", buildLogs, StringComparison.Ordinal);
        answers.Add(buildLogs);
        answers.Add(await (await server.Client.GetAsync("/api/2.0/serving-endpoints/literal-keys/served-models/claude/logs")).Content.ReadAsStringAsync());
        answers.Add(await (await server.Client.GetAsync("/api/2.0/serving-endpoints")).Content.ReadAsStringAsync());

        // The list's entity summary names the external model (as the SDK's ServedEntitySpec), and the endpoint its task.
        var listed = JsonNode.Parse(answers[^1])!["endpoints"]!.AsArray().Single(e => (string?)e!["name"] == "literal-keys")!;
        Assert.Equal("llm/v1/chat", (string?)listed["task"]);
        Assert.Equal(("gpt-4o-mini", "openai"), ((string?)listed["config"]!["served_entities"]![0]!["external_model"]!["name"], (string?)listed["config"]!["served_entities"]![0]!["external_model"]!["provider"]));
        Assert.Null(listed["config"]!["served_entities"]![0]!["entity_name"]);

        foreach (var key in keys)
        {
            Assert.All(answers, answer => Assert.DoesNotContain(key, answer, StringComparison.Ordinal));
            Assert.All(log.Lines, line => Assert.DoesNotContain(key, line, StringComparison.Ordinal));
            Assert.Empty(FilesHolding(server.DataDir, key));
        }

        Assert.NotEmpty(log.Lines);
    }

    [Fact]
    public async Task AnUpdateThatChangesTheProvider_MustGiveAKey()
    {
        await using var openAi = await OpenAiStandIn.StartAsync();
        await using var server = await ServerUnderTest.StartAsync($"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", OneOpenAiEntity("one-key", openAi.ApiKey)));
        await MissionScenario.WaitForUpdateAsync(server, "one-key");

        var message = await ApiAssert.ErrorAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/one-key/config", """
            {"served_entities": [{"name": "gpt", "external_model": {"name": "claude-3-5-haiku", "provider": "anthropic",
                "task": "llm/v1/chat", "anthropic_config": {}}}]}
            """), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("anthropic_config.anthropic_api_key is required", message, StringComparison.Ordinal);

        // No provider at all (found by the route fuzzer: it once threw instead of answering).
        message = await ApiAssert.ErrorAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/one-key/config",
            """{"served_entities": [{"name": "gpt", "external_model": {"name": "gpt-4o-mini", "task": "llm/v1/chat"}}]}"""),
            400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("external_model.provider", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryProvidersLiteralKey_IsAbsentFromAnswersAndFromTheDataFolder()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var marks = new List<string>();
        string Mark()
        {
            marks.Add("literal-" + Guid.NewGuid().ToString("N"));
            return marks[^1];
        }

        JsonObject Entity(string name, string provider, string configField, JsonObject block) => new()
        {
            ["name"] = name,
            ["external_model"] = new JsonObject { ["name"] = "m", ["provider"] = provider, ["task"] = "llm/v1/chat", [configField] = block },
        };

        var entities = new JsonArray
        {
            Entity("openai", "openai", "openai_config", new() { ["openai_api_key_plaintext"] = Mark() }),
            Entity("azure", "openai", "openai_config", new()
            {
                ["openai_api_type"] = "azure", ["openai_api_base"] = "http://127.0.0.1:9/", ["openai_api_version"] = "2024-02-01",
                ["openai_deployment_name"] = "d", ["openai_api_key_plaintext"] = Mark(),
            }),
            Entity("entra", "openai", "openai_config", new()
            {
                ["openai_api_type"] = "azuread", ["openai_api_base"] = "http://127.0.0.1:9/", ["openai_api_version"] = "2024-02-01",
                ["openai_deployment_name"] = "d", ["microsoft_entra_client_id"] = "c", ["microsoft_entra_tenant_id"] = "t",
                ["microsoft_entra_client_secret_plaintext"] = Mark(),
            }),
            Entity("anthropic", "anthropic", "anthropic_config", new() { ["anthropic_api_key_plaintext"] = Mark() }),
            Entity("cohere", "cohere", "cohere_config", new() { ["cohere_api_key_plaintext"] = Mark() }),
            Entity("ai21", "ai21labs", "ai21labs_config", new() { ["ai21labs_api_key_plaintext"] = Mark() }),
            Entity("bedrock", "amazon-bedrock", "amazon_bedrock_config", new()
            {
                ["aws_region"] = "us-east-1", ["bedrock_provider"] = "anthropic",
                ["aws_access_key_id_plaintext"] = Mark(), ["aws_secret_access_key_plaintext"] = Mark(),
            }),
            Entity("vertex", "google-cloud-vertex-ai", "google_cloud_vertex_ai_config", new()
            {
                ["project_id"] = "p", ["region"] = "us-central1", ["private_key_plaintext"] = Mark(),
            }),
            Entity("databricks", "databricks-model-serving", "databricks_model_serving_config", new()
            {
                ["databricks_workspace_url"] = "http://127.0.0.1:9", ["databricks_api_token_plaintext"] = Mark(),
            }),
            Entity("custom-bearer", "custom", "custom_provider_config", new()
            {
                ["custom_provider_url"] = "http://127.0.0.1:9/v1", ["bearer_token_auth"] = new JsonObject { ["token_plaintext"] = Mark() },
            }),
            Entity("custom-header", "custom", "custom_provider_config", new()
            {
                ["custom_provider_url"] = "http://127.0.0.1:9/v1",
                ["api_key_auth"] = new JsonObject { ["key"] = "x-api-key", ["value_plaintext"] = Mark() },
            }),
        };
        var routes = new JsonArray();
        for (var i = 0; i < entities.Count; i++)
        {
            routes.Add(new JsonObject { ["served_model_name"] = (string?)entities[i]!["name"], ["traffic_percentage"] = i == 0 ? 100 - (entities.Count - 1) * 9 : 9 });
        }

        var body = new JsonObject { ["name"] = "every-provider", ["config"] = new JsonObject { ["served_entities"] = entities, ["traffic_config"] = new JsonObject { ["routes"] = routes } } };
        var created = await server.PostJsonAsync("/api/2.0/serving-endpoints", body.ToJsonString());
        var answers = new List<string> { await created.Content.ReadAsStringAsync() };
        Assert.True(created.IsSuccessStatusCode, answers[0]);
        var settled = await MissionScenario.WaitForUpdateAsync(server, "every-provider");
        answers.Add(settled.ToJsonString());
        answers.Add(await (await server.Client.GetAsync("/api/2.0/serving-endpoints")).Content.ReadAsStringAsync());

        Assert.Equal(12, marks.Count);
        foreach (var mark in marks)
        {
            Assert.All(answers, answer => Assert.DoesNotContain(mark, answer, StringComparison.Ordinal));
            Assert.Empty(FilesHolding(server.DataDir, mark));
        }

        Assert.DoesNotContain("_plaintext", answers[1], StringComparison.Ordinal);
        Assert.Equal("x-api-key", (string?)settled["config"]!["served_entities"]![10]!["external_model"]!["custom_provider_config"]!["api_key_auth"]!["key"]);
    }

    [Fact]
    public async Task KeysStoredInPlainTextByAnEarlierVersion_AreSealedAtStartUp()
    {
        await using var openAi = await OpenAiStandIn.StartAsync();
        await using var server = await ServerUnderTest.StartAsync($"--ExternalModels:BaseUrls:openai={openAi.BaseUrl}");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", OneOpenAiEntity("old-doc", openAi.ApiKey)));
        await MissionScenario.WaitForUpdateAsync(server, "old-doc");
        var store = new SqlEndpointStore(new SqliteDatabase(Path.Combine(server.DataDir, "switchyard.db")));

        // Put the document back as an earlier version kept it: the key as a bare string.
        var sealedDoc = (await store.GetAsync("old-doc", CancellationToken.None))!;
        var entity = sealedDoc.Config!.ServedEntities[0];
        var plainBlock = new JsonObject { ["openai_api_key_plaintext"] = openAi.ApiKey };
        var declared = entity.Declared.DeepClone().AsObject();
        declared["external_model"]!["openai_config"] = plainBlock.DeepClone();
        var oldEntity = entity with { Declared = declared, External = entity.External! with { ProviderConfig = plainBlock } };
        await store.SaveAsync(sealedDoc with { Config = sealedDoc.Config with { ServedEntities = [oldEntity] } }, CancellationToken.None);
        Assert.Contains(openAi.ApiKey, StoredText(await store.GetAsync("old-doc", CancellationToken.None)), StringComparison.Ordinal);

        await server.RestartAsync();

        Assert.DoesNotContain(openAi.ApiKey, StoredText(await store.GetAsync("old-doc", CancellationToken.None)), StringComparison.Ordinal);
        var answer = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/old-doc/invocations", ExternalModelHost.ChatQuery));
        Assert.Equal(openAi.Reply, (string?)answer["choices"]![0]!["message"]!["content"]);
    }

    private static string OneOpenAiEntity(string endpoint, string key) => new JsonObject
    {
        ["name"] = endpoint,
        ["config"] = new JsonObject
        {
            ["served_entities"] = new JsonArray(new JsonObject
            {
                ["name"] = "gpt",
                ["external_model"] = new JsonObject
                {
                    ["name"] = "gpt-4o-mini", ["provider"] = "openai", ["task"] = "llm/v1/chat",
                    ["openai_config"] = new JsonObject { ["openai_api_key_plaintext"] = key },
                },
            }),
        },
    }.ToJsonString();

    private static string StoredText(Switchyard.Core.Endpoints.ServingEndpoint? endpoint) =>
        System.Text.Json.JsonSerializer.Serialize(endpoint!.Config!.ServedEntities.Select(e => new JsonArray(e.Declared.DeepClone(), e.External!.ProviderConfig.DeepClone())));

    private static async Task QueryBothAsync(ServerUnderTest server, OpenAiStandIn openAi, AnthropicStandIn anthropic)
    {
        foreach (var (served, reply) in new[] { ("gpt", openAi.Reply), ("claude", anthropic.Reply) })
        {
            var answer = await ApiAssert.OkJsonAsync(await server.PostJsonAsync(
                $"/serving-endpoints/literal-keys/served-models/{served}/invocations", ExternalModelHost.ChatQuery));
            Assert.EndsWith(reply, (string?)answer["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);
        }
    }

    /// <summary>Every file under <paramref name="folder"/> whose bytes hold <paramref name="text"/> (UTF-8 or UTF-16).</summary>
    private static List<string> FilesHolding(string folder, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var utf16 = Encoding.Unicode.GetBytes(text);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file =>
            {
                var bytes = File.ReadAllBytes(file);
                return bytes.AsSpan().IndexOf(utf8) >= 0 || bytes.AsSpan().IndexOf(utf16) >= 0;
            })
            .ToList();
    }
}
