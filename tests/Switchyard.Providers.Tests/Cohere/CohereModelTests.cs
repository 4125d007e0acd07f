using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Providers.Cohere;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;
using static Switchyard.Providers.Tests.ProviderTestKit;

namespace Switchyard.Providers.Tests.Cohere;

public sealed class CohereModelTests : IAsyncLifetime
{
    private const string Key = "co-test-key-123456";

    private CohereStandIn _standIn = null!;

    public async Task InitializeAsync()
    {
        _standIn = await CohereStandIn.StartAsync();
        _standIn.ApiKey = Key;
    }

    public Task DisposeAsync() => _standIn.DisposeAsync().AsTask();

    private async Task<IGenerativeModel> ModelAsync(LlmTask task = LlmTask.Chat, string model = "command-r-plus") =>
        await CohereModel.CreateAsync(
            Context(CohereProvider.ProviderName, "cohere_config", model, task, new JsonObject { ["cohere_api_key_plaintext"] = Key },
                Client(ProviderTestKit.Timeout, (CohereProvider.ProviderName, _standIn.BaseUrl))),
            TimeProvider.System, default);

    [Fact]
    public async Task Generate_ChatWithSystemPromptAndKnobs_SendsCohereFieldsAndReadsTheAnswer()
    {
        using var model = await ModelAsync();
        var request = Chat(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi")) with
        {
            MaxTokens = 50,
            Temperature = 0.3,
            TopP = 0.9,
            TopK = 40,
            Stop = ["END"],
            Seed = 42,
        };

        var answer = await model.GenerateAsync(request, default);
        var sent = _standIn.Requests.Single();
        Assert.Equal("/v2/chat", sent.Path);
        Assert.Equal($"Bearer {Key}", sent.Header("authorization"));
        var body = sent.Body!;
        Assert.Equal("command-r-plus", body["model"]!.GetValue<string>());
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("Be brief.", body["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(50, body["max_tokens"]!.GetValue<int>());
        Assert.Equal(0.3, body["temperature"]!.GetValue<double>());
        Assert.Equal(0.9, body["p"]!.GetValue<double>());
        Assert.Equal(40, body["k"]!.GetValue<int>());
        Assert.Equal("END", body["stop_sequences"]![0]!.GetValue<string>());
        Assert.Equal(42, body["seed"]!.GetValue<long>());
        Assert.Null(body["stream"]);
        Assert.Equal(_standIn.Reply, answer.Choices.Single().Text);
        Assert.Equal("stop", answer.Choices[0].FinishReason);
        Assert.Equal(new LlmUsage(7, StandInReply.Tokens(_standIn.Reply)), answer.Usage);
        Assert.Equal("command-r-plus", answer.Model);
    }

    [Theory]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("STOP_SEQUENCE", "stop")]
    [InlineData("COMPLETE", "stop")]
    public async Task Generate_CohereFinishReason_BecomesOpenAis(string cohere, string expected)
    {
        using var model = await ModelAsync();
        _standIn.FinishReason = cohere;

        var answer = await model.GenerateAsync(Hi, default);

        Assert.Equal(expected, answer.Choices[0].FinishReason);
    }

    [Fact]
    public async Task Generate_ToolCall_ComesBackInTheOpenAiShape()
    {
        using var model = await ModelAsync();
        _standIn.CallTool = "get_weather";
        var tools = JsonNode.Parse("""[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]""")!.AsArray();

        var answer = await model.GenerateAsync(Chat(new ChatMessage("user", "Weather?")) with { Tools = tools }, default);
        Assert.Equal("get_weather", _standIn.Requests.Single().Body!["tools"]![0]!["function"]!["name"]!.GetValue<string>());
        var call = answer.Choices[0].ToolCalls!.Single()!;
        Assert.Equal("get_weather", call["function"]!["name"]!.GetValue<string>());
        Assert.Equal("{\"city\":\"Paris\"}", call["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("tool_calls", answer.Choices[0].FinishReason);
    }

    [Fact]
    public async Task Stream_Chat_YieldsEachDeltaThenTheFinishWithUsage()
    {
        using var model = await ModelAsync();

        var chunks = await CollectAsync(model.StreamAsync(Chat(new ChatMessage("user", "Hi")) with { Stream = true }, default));
        Assert.True(_standIn.Requests.Single().Body!["stream"]!.GetValue<bool>());
        Assert.Equal(StandInReply.Pieces(_standIn.Reply), chunks.Where(static c => c.Text is not null).Select(static c => c.Text!));
        var last = chunks[^1];
        Assert.Equal("stop", last.FinishReason);
        Assert.Equal(new LlmUsage(7, StandInReply.Tokens(_standIn.Reply)), last.Usage);
        Assert.All(chunks, static c => Assert.Equal("cohere-chat-1", c.Id));
    }

    [Fact]
    public async Task Generate_Completions_GoesAsOneUserMessage()
    {
        using var model = await ModelAsync(LlmTask.Completions);

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["Once upon a time"] }, default);

        var messages = _standIn.Requests.Single().Body!["messages"]!.AsArray();
        Assert.Equal("user", messages.Single()!["role"]!.GetValue<string>());
        Assert.Equal("Once upon a time", messages[0]!["content"]!.GetValue<string>());
        Assert.Equal(_standIn.Reply, answer.Choices[0].Text);
    }

    [Fact]
    public async Task Generate_Embeddings_CallsEmbedWithFloatTypeAndReturnsOneVectorPerInput()
    {
        using var model = await ModelAsync(LlmTask.Embeddings, "embed-english-v3.0");

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["a", "b"] }, default);
        var sent = _standIn.Requests.Single();
        Assert.Equal("/v2/embed", sent.Path);
        Assert.Equal("search_document", sent.Body!["input_type"]!.GetValue<string>());
        Assert.Equal(2, answer.Embeddings!.Count);
        Assert.Equal([1.5f, -0.25f, 0.125f], answer.Embeddings[1]);
        Assert.Equal(7, answer.Usage!.PromptTokens);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Generate_ProviderFails_ThrowsProviderExceptionWithItsStatusAndMessage(int status)
    {
        using var model = await ModelAsync();
        _standIn.FailNext(status);

        var error = await RefusalOfAsync(model);

        Assert.Equal("cohere", error.Provider);
        Assert.Equal(status, error.Status);
        Assert.Contains("stand-in", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.True(error.MayFallBack);
    }

    [Fact]
    public async Task Stream_ProviderRateLimits_ThrowsBeforeAnyChunk()
    {
        using var model = await ModelAsync();
        _standIn.FailNext(429, "Too many requests (stand-in)", TimeSpan.FromSeconds(2));

        var error = await StreamRefusalOfAsync(model);

        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
    }

    [Fact]
    public async Task Generate_ProviderHangs_TimesOutAsProviderExceptionWithoutStatus()
    {
        using var model = await ModelAsync();
        _standIn.HangNext();

        var error = await RefusalOfAsync(model);

        Assert.Null(error.Status);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WrongKey_IsRefusedAndTheKeyIsNotEchoed()
    {
        using var model = await CohereModel.CreateAsync(
            Context(CohereProvider.ProviderName, "cohere_config", "command-r", LlmTask.Chat, new JsonObject { ["cohere_api_key_plaintext"] = "wrong-key-987654" },
                Client(ProviderTestKit.Timeout, (CohereProvider.ProviderName, _standIn.BaseUrl))),
            TimeProvider.System, default);

        var error = await RefusalOfAsync(model);

        Assert.Equal(400, error.Status);
        Assert.DoesNotContain("wrong-key-987654", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_SeveralPrompts_AnswersEachInACallOfItsOwn()
    {
        using var model = await ModelAsync(LlmTask.Completions);

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["One", "Two"] }, default);

        Assert.Equal(2, _standIn.Requests.Count);
        Assert.All(_standIn.Requests, r => Assert.Single(r.Body!["messages"]!.AsArray()));
        Assert.Equal([0, 1], answer.Choices.Select(c => c.Index));
        Assert.Equal(2 * _standIn.InputTokens, answer.Usage!.PromptTokens);
    }

    [Fact]
    public async Task Stream_SeveralPrompts_IsRefusedBeforeAnyCall()
    {
        using var model = await ModelAsync(LlmTask.Completions);

        await Assert.ThrowsAsync<Switchyard.Core.Errors.ServingException>(() =>
            CollectAsync(model.StreamAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["One", "Two"], Stream = true }, default)));
        Assert.Empty(_standIn.Requests);
    }

    [Fact]
    public async Task Stream_DoneLineAfterMessageEnd_EndsQuietly()
    {
        using var model = await ModelAsync();
        _standIn.EndWithDoneLine = true;

        var chunks = await CollectAsync(model.StreamAsync(Hi with { Stream = true }, default));

        Assert.Equal(_standIn.Reply, TextOf(chunks));
        Assert.Equal("stop", chunks[^1].FinishReason);
    }

    [Fact]
    public async Task Stream_ErrorFinish_FailsWithCoheresErrorText()
    {
        using var model = await ModelAsync();
        _standIn.FinishReason = "ERROR";
        _standIn.StreamError = "internal generation failure";

        var (seen, error) = await CollectUntilFailureAsync(model.StreamAsync(Hi with { Stream = true }, default));

        Assert.Equal(_standIn.Reply, TextOf(seen));
        Assert.Contains("internal generation failure", error.Message, StringComparison.Ordinal);
    }
}
