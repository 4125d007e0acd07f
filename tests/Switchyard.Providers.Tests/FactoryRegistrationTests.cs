using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Providers.Bedrock;
using Switchyard.Testing.Providers;
using Switchyard.Providers.VertexAi;
using Switchyard.Providers.Cohere;

namespace Switchyard.Providers.Tests;

/// <summary>
/// Cohere, Vertex AI and Bedrock built the way the server builds them: through the factory, with
/// keys given as secret references that the config's creator may read.
/// </summary>
public sealed class FactoryRegistrationTests : IAsyncLifetime
{
    private TestKeys _keys = null!;

    public async Task InitializeAsync() => _keys = await TestKeys.CreateAsync();

    public Task DisposeAsync()
    {
        _keys.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Cohere_KeyFromASecret_AnswersThroughTheFactory()
    {
        await using var standIn = await CohereStandIn.StartAsync();
        await _keys.PutAsync("llm", "cohere", standIn.ApiKey, TestKeys.Ana);
        using var model = await Models.CreateAsync(
            CohereProvider.ProviderName, LlmTask.Chat, "command-r",
            new JsonObject { ["cohere_api_key"] = "{{secrets/llm/cohere}}", ["cohere_api_base"] = standIn.BaseUrl },
            Models.Client(), _keys);

        var answer = await model.GenerateAsync(Models.Chat(Models.User("Hi")), default);

        Assert.Equal(standIn.Reply, answer.Choices[0].Text);
    }

    [Fact]
    public async Task VertexAi_ServiceAccountKeyFromASecret_AnswersThroughTheFactory()
    {
        using var rsa = RSA.Create(2048);
        await using var standIn = await VertexAiStandIn.StartAsync("proj", "europe-west4", "robot@proj", rsa);
        var key = new JsonObject { ["client_email"] = "robot@proj", ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(), ["token_uri"] = standIn.TokenUri };
        await _keys.PutAsync("llm", "vertex", key.ToJsonString(), TestKeys.Ana);
        using var model = await Models.CreateAsync(
            VertexAiProvider.ProviderName, LlmTask.Chat, "gemini-1.5-flash",
            new JsonObject { ["project_id"] = "proj", ["region"] = "europe-west4", ["private_key"] = "{{secrets/llm/vertex}}" },
            Models.Client(null, (VertexAiProvider.ProviderName, standIn.BaseUrl)), _keys);

        var answer = await model.GenerateAsync(Models.Chat(Models.User("Hi")), default);

        Assert.Equal(standIn.Reply, answer.Choices[0].Text);
        Assert.Equal(1, standIn.TokenExchanges);
    }

    [Fact]
    public async Task Bedrock_AccessKeysFromSecrets_AnswerThroughTheFactory()
    {
        var credentials = new SigV4Credentials("AKIAFACTORY00000001", "factory/secret/key/0123456789abcdefghijk");
        await using var standIn = await BedrockStandIn.StartAsync("eu-central-1", credentials);
        await _keys.PutAsync("aws", "id", credentials.AccessKeyId, TestKeys.Ana);
        await _keys.PutAsync("aws", "secret", credentials.SecretAccessKey, TestKeys.Ana);
        using var model = await Models.CreateAsync(
            BedrockProvider.ProviderName, LlmTask.Chat, "anthropic.claude-3-sonnet-20240229-v1:0",
            new JsonObject
            {
                ["aws_region"] = "eu-central-1",
                ["bedrock_provider"] = "anthropic",
                ["aws_access_key_id"] = "{{secrets/aws/id}}",
                ["aws_secret_access_key"] = "{{secrets/aws/secret}}",
            },
            Models.Client(null, (BedrockProvider.ProviderName, standIn.BaseUrl)), _keys);

        var answer = await model.GenerateAsync(Models.Chat(Models.User("Hi")), default);

        Assert.Equal(standIn.Reply, answer.Choices[0].Text);
    }
}
