using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Providers.VertexAi;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;
using static Switchyard.Providers.Tests.ProviderTestKit;

namespace Switchyard.Providers.Tests.VertexAi;

public sealed class VertexAiModelTests : IAsyncLifetime
{
    private const string ClientEmail = "robot@my-project.iam.gserviceaccount.com";

    private readonly RSA _rsa = RSA.Create(2048);
    private VertexAiStandIn _standIn = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => _standIn = await VertexAiStandIn.StartAsync("my-project", "us-central1", ClientEmail, _rsa);

    public async Task DisposeAsync()
    {
        await _standIn.DisposeAsync();
        _rsa.Dispose();
    }

    private string KeyJson => new JsonObject
    {
        ["type"] = "service_account",
        ["client_email"] = ClientEmail,
        ["private_key"] = _rsa.ExportPkcs8PrivateKeyPem(),
        ["private_key_id"] = "key-1",
        ["token_uri"] = _standIn.TokenUri,
    }.ToJsonString();

    private async Task<IGenerativeModel> ModelAsync(LlmTask task = LlmTask.Chat, string model = "gemini-1.5-pro") =>
        await VertexAiModel.CreateAsync(
            Context(VertexAiProvider.ProviderName, "google_cloud_vertex_ai_config", model, task,
                new JsonObject { ["project_id"] = "my-project", ["region"] = "us-central1", ["private_key_plaintext"] = KeyJson },
                Client(ProviderTestKit.Timeout, (VertexAiProvider.ProviderName, _standIn.BaseUrl))),
            _time, default);

    [Fact]
    public async Task Generate_ChatWithSystemPromptAndKnobs_SendsGeminiFieldsWithAnEarnedToken()
    {
        using var model = await ModelAsync();
        var request = Chat(
            new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi"), new ChatMessage("assistant", "Hello"), new ChatMessage("user", "Again")) with
        {
            MaxTokens = 64,
            Temperature = 0.2,
            TopP = 0.8,
            TopK = 20,
            Stop = ["END"],
            Seed = 7,
            N = 2,
        };

        var answer = await model.GenerateAsync(request, default);
        var sent = _standIn.LastRequest;
        Assert.Equal("/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-1.5-pro:generateContent", sent.Path);
        Assert.Equal("Bearer ya29.stand-in-1", sent.Header("authorization"));
        var body = sent.Body!;
        Assert.Equal("Be brief.", body["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(["user", "model", "user"], body["contents"]!.AsArray().Select(static c => c!["role"]!.GetValue<string>()));
        var config = body["generationConfig"]!;
        Assert.Equal(64, config["maxOutputTokens"]!.GetValue<int>());
        Assert.Equal(0.2, config["temperature"]!.GetValue<double>());
        Assert.Equal(0.8, config["topP"]!.GetValue<double>());
        Assert.Equal(20, config["topK"]!.GetValue<int>());
        Assert.Equal("END", config["stopSequences"]![0]!.GetValue<string>());
        Assert.Equal(2, config["candidateCount"]!.GetValue<int>());
        Assert.Equal(7, config["seed"]!.GetValue<long>());
        Assert.Equal(_standIn.Reply, answer.Choices.Single().Text);
        Assert.Equal("stop", answer.Choices[0].FinishReason);
        Assert.Equal(new LlmUsage(7, StandInReply.Tokens(_standIn.Reply)), answer.Usage);
    }

    [Fact]
    public async Task Generate_TwoQueries_ShareOneTokenUntilItNearlyExpires()
    {
        using var model = await ModelAsync();

        await model.GenerateAsync(Chat(new ChatMessage("user", "one")), default);
        _time.Advance(TimeSpan.FromMinutes(57));
        await model.GenerateAsync(Chat(new ChatMessage("user", "two")), default);
        Assert.Equal(1, _standIn.TokenExchanges);

        // The token lives 3599 s; a minute before that it is replaced.
        _time.Advance(TimeSpan.FromMinutes(2));
        await model.GenerateAsync(Chat(new ChatMessage("user", "three")), default);

        Assert.Equal(2, _standIn.TokenExchanges);
        Assert.Equal("Bearer ya29.stand-in-2", _standIn.LastRequest.Header("authorization"));
    }

    [Theory]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("SAFETY", "content_filter")]
    public async Task Generate_GeminiFinishReason_BecomesOpenAis(string gemini, string expected)
    {
        using var model = await ModelAsync();
        _standIn.FinishReason = gemini;

        var answer = await model.GenerateAsync(Hi, default);

        Assert.Equal(expected, answer.Choices[0].FinishReason);
    }

    [Fact]
    public async Task Generate_Tools_GoAsFunctionDeclarationsAndCallsComeBackInOpenAiShape()
    {
        using var model = await ModelAsync();
        _standIn.CallFunction = "get_weather";
        var tools = JsonNode.Parse("""[{"type":"function","function":{"name":"get_weather","description":"d","parameters":{"type":"object"}}}]""")!.AsArray();

        var answer = await model.GenerateAsync(Chat(new ChatMessage("user", "Weather?")) with { Tools = tools }, default);
        Assert.Equal("get_weather", _standIn.LastRequest.Body!["tools"]![0]!["functionDeclarations"]![0]!["name"]!.GetValue<string>());
        var call = answer.Choices[0].ToolCalls!.Single()!;
        Assert.Equal("get_weather", call["function"]!["name"]!.GetValue<string>());
        Assert.Equal("{\"city\":\"Paris\"}", call["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("tool_calls", answer.Choices[0].FinishReason);
    }

    [Fact]
    public async Task Stream_Chat_UsesAltSseAndYieldsEachPieceThenFinishWithUsage()
    {
        using var model = await ModelAsync();

        var chunks = await CollectAsync(model.StreamAsync(Chat(new ChatMessage("user", "Hi")) with { Stream = true }, default));
        Assert.Equal(
            "/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-1.5-pro:streamGenerateContent?alt=sse",
            _standIn.LastRequest.Path + _standIn.LastRequest.Query);
        Assert.Equal(StandInReply.Pieces(_standIn.Reply), chunks.Where(static c => c.Text is not null).Select(static c => c.Text!));
        Assert.True(chunks.Count(static c => c.FinishReason is null) >= 2);
        Assert.Equal("stop", chunks[^1].FinishReason);
        Assert.Equal(new LlmUsage(7, StandInReply.Tokens(_standIn.Reply)), chunks[^1].Usage);
    }

    [Fact]
    public async Task Generate_Embeddings_CallsPredictWithInstances()
    {
        using var model = await ModelAsync(LlmTask.Embeddings, "text-embedding-004");

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["a", "b"] }, default);
        var sent = _standIn.LastRequest;
        Assert.EndsWith("/models/text-embedding-004:predict", sent.Path, StringComparison.Ordinal);
        Assert.Equal("b", sent.Body!["instances"]![1]!["content"]!.GetValue<string>());
        Assert.Equal([1.25f, 0.5f, -1f], answer.Embeddings![1]);
        Assert.Equal(14, answer.Usage!.PromptTokens);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Generate_ProviderFails_ThrowsProviderExceptionWithGooglesStatusAndMessage(int status)
    {
        using var model = await ModelAsync();
        await model.GenerateAsync(Chat(new ChatMessage("user", "warm the token")), default);
        _standIn.FailNext(status);

        var error = await RefusalOfAsync(model);

        Assert.Equal("google-cloud-vertex-ai", error.Provider);
        Assert.Equal(status, error.Status);
        Assert.Contains("stand-in", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ya29", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ProviderHangs_TimesOut()
    {
        using var model = await ModelAsync();
        _standIn.HangNext();

        var error = await RefusalOfAsync(model);

        Assert.Null(error.Status);
    }

    [Fact]
    public async Task Generate_KeyOfAnotherAccount_TokenEndpointRefusesTheAssertion()
    {
        using var stranger = RSA.Create(2048);
        var key = new JsonObject
        {
            ["client_email"] = ClientEmail,
            ["private_key"] = stranger.ExportPkcs8PrivateKeyPem(),
            ["token_uri"] = _standIn.TokenUri,
        }.ToJsonString();
        using var model = await VertexAiModel.CreateAsync(
            Context(VertexAiProvider.ProviderName, "google_cloud_vertex_ai_config", "gemini-1.5-pro", LlmTask.Chat,
                new JsonObject { ["project_id"] = "my-project", ["region"] = "us-central1", ["private_key_plaintext"] = key },
                // The stand-in verifies an RSA signature: on a loaded 2-core machine that has taken over the
                // kit's 2 s, and a timeout (no status) is not what this test is about.
                Client(TimeSpan.FromSeconds(30), (VertexAiProvider.ProviderName, _standIn.BaseUrl))),
            _time, default);

        var error = await RefusalOfAsync(model);

        Assert.Equal(400, error.Status);
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _standIn.TokenExchanges);
    }

    [Fact]
    public async Task Generate_SeveralPrompts_AnswersEachInACallOfItsOwn()
    {
        using var model = await ModelAsync(LlmTask.Completions);

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["One", "Two", "Three"] }, default);

        var calls = _standIn.Requests.Where(r => r.Path.EndsWith(":generateContent", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, r => Assert.Single(r.Body!["contents"]!.AsArray()));
        Assert.Equal([0, 1, 2], answer.Choices.Select(c => c.Index));
    }
}
