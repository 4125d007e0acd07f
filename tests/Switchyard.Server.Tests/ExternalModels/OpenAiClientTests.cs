using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>
/// The OpenAI-compatible surface driven by the official OpenAI client library for .NET, set up
/// as a Databricks user would: base URL <c>{host}/serving-endpoints</c>, the endpoint's name as
/// the model, the personal access token as the API key.
/// </summary>
public sealed class OpenAiClientTests
{
    [Fact]
    public async Task ChatCompletion_ThroughTheOfficialClient_AnswersFromTheEndpoint()
    {
        await using var host = await StartWithEndpointsAsync();

        ChatCompletion completion = await Client(host).GetChatClient("chat").CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Say hello.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 32, Temperature = 0.2f });

        Assert.Equal(host.OpenAi.Reply, completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.TotalTokenCount > 0);
        Assert.Equal("m-chat", (string?)host.OpenAi.LastRequest.Body!["model"]);
        // The official client says max_completion_tokens; a custom (compatible) server is sent max_tokens, which all of them take.
        Assert.Equal(32, (int)host.OpenAi.LastRequest.Body!["max_tokens"]!);
    }

    [Fact]
    public async Task ChatCompletion_Streamed_ArrivesInSeveralUpdates()
    {
        await using var host = await StartWithEndpointsAsync();

        var text = new StringBuilder();
        var updates = 0;
        ChatFinishReason? finish = null;
        await foreach (var update in Client(host).GetChatClient("chat").CompleteChatStreamingAsync([new UserChatMessage("Say hello.")]))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.True(updates >= 3, $"only {updates} updates");
        Assert.Equal(host.OpenAi.Reply, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task Embeddings_ThroughTheOfficialClient_AreTheProvidersVectors()
    {
        await using var host = await StartWithEndpointsAsync();

        var embedding = await Client(host).GetEmbeddingClient("embed").GenerateEmbeddingAsync("hello world");

        Assert.True(embedding.Value.ToFloats().Length > 0);
        Assert.Equal("hello world", (string?)host.OpenAi.LastRequest.Body!["input"]?[0] ?? (string?)host.OpenAi.LastRequest.Body!["input"]);
    }

    [Fact]
    public async Task UnknownEndpoint_IsANotFoundTheClientReports()
    {
        await using var host = await StartWithEndpointsAsync();

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client(host).GetChatClient("no-such-endpoint").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task Completions_OnTheOpenAiPath_AnswerATextCompletion()
    {
        // The .NET library has no legacy completions client; this is the request Python's openai.completions.create sends.
        await using var host = await StartWithEndpointsAsync();

        var response = await host.Server.PostJsonAsync("/serving-endpoints/completions", """{"model": "complete", "prompt": "Once upon a time", "max_tokens": 64}""");
        var answer = await ApiAssert.OkJsonAsync(response);

        Assert.Equal("text_completion", (string?)answer["object"]);
        Assert.Equal(host.OpenAi.Reply, (string?)answer["choices"]![0]!["text"]);
        Assert.Equal("complete-model", response.Headers.GetValues("served-model-name").Single());
        Assert.Equal("/v1/completions", host.OpenAi.LastRequest.Path);
    }

    [Fact]
    public async Task OpenAiPath_OfTheWrongTask_IsRefusedNamingIt()
    {
        await using var host = await StartWithEndpointsAsync();

        var response = await host.Server.PostJsonAsync("/serving-endpoints/embeddings", """{"model": "chat", "input": "x"}""");

        var message = await ApiAssert.ErrorAsync(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("does not serve llm/v1/embeddings", message, StringComparison.Ordinal);
    }

    /// <summary>Endpoints on one OpenAI-compatible stand-in: a chat model and an embeddings model, through the custom provider.</summary>
    private static async Task<ExternalModelHost> StartWithEndpointsAsync()
    {
        var host = await ExternalModelHost.StartAsync();
        foreach (var (name, task) in new[] { ("chat", "llm/v1/chat"), ("embed", "llm/v1/embeddings"), ("complete", "llm/v1/completions") })
        {
            await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", $$$"""
                {"name": "{{{name}}}", "config": {"served_entities": [{"name": "{{{name}}}-model", "external_model": {
                    "name": "m-{{{name}}}", "provider": "custom", "task": "{{{task}}}",
                    "custom_provider_config": {"custom_provider_url": "{{{host.OpenAi.BaseUrl}}}",
                                               "bearer_token_auth": {"token_plaintext": "{{{host.OpenAi.ApiKey}}}"} } } }]} }
                """));
            await MissionScenario.WaitForUpdateAsync(host.Server, name);
        }

        return host;
    }

    private static OpenAIClient Client(ExternalModelHost host) => new(
        new ApiKeyCredential(ServerUnderTest.AdminToken),
        new OpenAIClientOptions { Endpoint = new Uri(host.Server.BaseAddress, "/serving-endpoints") });
}
