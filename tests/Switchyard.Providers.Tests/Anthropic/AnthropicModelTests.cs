using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Anthropic;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;

namespace Switchyard.Providers.Tests.Anthropic;

/// <summary>The anthropic provider against the Messages API stand-in.</summary>
public sealed class AnthropicModelTests : StandInTests<AnthropicStandIn>
{
    private static readonly JsonArray WeatherTool = new(new JsonObject
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = "get_weather",
            ["description"] = "Weather of a city",
            ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["location"] = new JsonObject { ["type"] = "string" } } },
        },
    });

    protected override Task<AnthropicStandIn> StartStandInAsync() => AnthropicStandIn.StartAsync();

    private Task<IGenerativeModel> ModelAsync(LlmTask task = LlmTask.Chat, TimeSpan? timeout = null) =>
        CreateAsync(AnthropicProvider.ProviderName, task, "claude-3-opus-20240229",
            new JsonObject { ["anthropic_api_key_plaintext"] = StandIn.ApiKey },
            Client(timeout, (AnthropicProvider.ProviderName, StandIn.BaseUrl)), Keys);

    [Fact]
    public async Task Generate_Chat_SendsMessagesApiRequestWithSystemLifted()
    {
        using var model = await ModelAsync();

        var answer = await model.GenerateAsync(Chat(SystemMessage("Be brief."), User("Say hello")) with
        {
            Temperature = 0.5,
            TopP = 0.9,
            TopK = 20,
        }, CancellationToken.None);

        var seen = StandIn.LastRequest;
        Assert.Equal("/v1/messages", seen.Path);
        Assert.Equal(StandIn.ApiKey, seen.Header("x-api-key"));
        Assert.Equal("2023-06-01", seen.Header("anthropic-version"));
        Assert.StartsWith("application/json", seen.Header("content-type"), StringComparison.Ordinal);
        Assert.Null(seen.Header("Authorization"));
        Assert.Equal("Be brief.", (string?)seen.Body!["system"]);
        Assert.Single(seen.Body["messages"]!.AsArray());
        Assert.Equal(AnthropicRequestWriter.DefaultMaxTokens, (int)seen.Body["max_tokens"]!);
        Assert.Equal(20, (int)seen.Body["top_k"]!);
        Assert.Equal($"(Be brief.) {StandIn.Reply}", answer.Choices[0].Text);
        Assert.Equal("stop", answer.Choices[0].FinishReason);
        Assert.Equal("claude-3-opus-20240229", answer.Model);
        Assert.Equal("msg_standin", answer.Id);
        Assert.Equal(new LlmUsage(4, 11), answer.Usage);
    }

    [Fact]
    public async Task Generate_StopAndMaxTokens_BecomeStopSequencesAndFinishReasons()
    {
        using var model = await ModelAsync();

        var stopped = await model.GenerateAsync(Chat(User("hi")) with { Stop = [","] }, CancellationToken.None);
        var stoppedBody = StandIn.LastRequest.Body!;
        var cut = await model.GenerateAsync(Chat(User("hi")) with { MaxTokens = 2 }, CancellationToken.None);

        Assert.Equal(new JsonArray(","), stoppedBody["stop_sequences"], JsonNode.DeepEquals);
        Assert.Null(stoppedBody["stop"]);
        Assert.Equal("stop", stopped.Choices[0].FinishReason);
        Assert.Equal("Hello from the stand-in", stopped.Choices[0].Text);
        Assert.Equal(2, (int)StandIn.LastRequest.Body!["max_tokens"]!);
        Assert.Equal("length", cut.Choices[0].FinishReason);
        Assert.Equal("Hello from", cut.Choices[0].Text);
    }

    [Fact]
    public async Task Generate_NAboveOne_AsksNTimesAndNumbersTheChoices()
    {
        using var model = await ModelAsync();

        var answer = await model.GenerateAsync(Chat(User("hi")) with { N = 3 }, CancellationToken.None);

        Assert.Equal(3, StandIn.Requests.Count);
        Assert.All(StandIn.Requests, r => Assert.Null(r.Body!["n"]));
        Assert.Equal([0, 1, 2], answer.Choices.Select(c => c.Index));
        Assert.Equal(new LlmUsage(1, 27), answer.Usage);
    }

    [Fact]
    public async Task Stream_NAboveOne_Refused()
    {
        using var model = await ModelAsync();

        var error = await Assert.ThrowsAsync<ServingException>(() =>
            CollectAsync(model.StreamAsync(Chat(User("hi")) with { N = 2, Stream = true }, CancellationToken.None)));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Empty(StandIn.Requests);
    }

    [Fact]
    public async Task Stream_Chat_TranslatesEventsToChunksWithFinishAndUsage()
    {
        using var model = await ModelAsync();

        var chunks = await CollectAsync(model.StreamAsync(Chat(User("Say hello")) with { Stream = true }, CancellationToken.None));

        Assert.True(chunks.Count(c => !string.IsNullOrEmpty(c.Text)) >= 5);
        Assert.Equal(StandIn.Reply, TextOf(chunks));
        Assert.All(chunks, c => Assert.Equal("msg_standin", c.Id));
        var last = chunks[^1];
        Assert.Equal("stop", last.FinishReason);
        Assert.Equal(new LlmUsage(2, 9), last.Usage);
        Assert.True((bool)StandIn.LastRequest.Body!["stream"]!);
    }

    [Fact]
    public async Task Generate_Tools_ToolUseBecomesToolCallsAndToolAnswersBecomeToolResults()
    {
        using var model = await ModelAsync();

        var call = await model.GenerateAsync(Chat(User("Weather in Paris?")) with { Tools = WeatherTool, ToolChoice = "required" }, CancellationToken.None);
        var sentTools = StandIn.LastRequest.Body!;
        var toolCalls = call.Choices[0].ToolCalls!;
        var followUp = await model.GenerateAsync(Chat(
            User("Weather in Paris?"),
            new ChatMessage(ChatRoles.Assistant, "Let me check.", (JsonArray)toolCalls.DeepClone()),
            new ChatMessage(ChatRoles.Tool, "sunny", ToolCallId: (string?)toolCalls[0]!["id"])) with
        { Tools = WeatherTool }, CancellationToken.None);

        Assert.Equal("get_weather", (string?)sentTools["tools"]![0]!["name"]);
        Assert.Equal("object", (string?)sentTools["tools"]![0]!["input_schema"]!["type"]);
        Assert.Equal("any", (string?)sentTools["tool_choice"]!["type"]);
        Assert.Equal("tool_calls", call.Choices[0].FinishReason);
        Assert.Equal("Let me check.", call.Choices[0].Text);
        Assert.Equal("toolu_standin_1", (string?)toolCalls[0]!["id"]);
        Assert.Equal("function", (string?)toolCalls[0]!["type"]);
        Assert.Equal("get_weather", (string?)toolCalls[0]!["function"]!["name"]);
        Assert.Equal("Paris", (string?)JsonNode.Parse((string)toolCalls[0]!["function"]!["arguments"]!)!["location"]);
        var sent = StandIn.LastRequest.Body!["messages"]!.AsArray();
        Assert.Equal("tool_use", (string?)sent[1]!["content"]![1]!["type"]);
        Assert.Equal("Paris", (string?)sent[1]!["content"]![1]!["input"]!["location"]);
        Assert.Equal("user", (string?)sent[2]!["role"]);
        Assert.Equal("tool_result", (string?)sent[2]!["content"]![0]!["type"]);
        Assert.Equal("The tool said: sunny", followUp.Choices[0].Text);
    }

    [Fact]
    public async Task Stream_Tools_InputJsonDeltasBecomeToolCallDeltas()
    {
        using var model = await ModelAsync();

        var chunks = await CollectAsync(model.StreamAsync(Chat(User("Weather?")) with { Tools = WeatherTool, Stream = true }, CancellationToken.None));

        var deltas = chunks.Where(c => c.ToolCalls is not null).ToList();
        Assert.Equal("get_weather", (string?)deltas[0].ToolCalls![0]!["function"]!["name"]);
        Assert.Equal("toolu_standin_1", (string?)deltas[0].ToolCalls![0]!["id"]);
        Assert.All(deltas, d => Assert.Equal(0, (int)d.ToolCalls![0]!["index"]!));
        Assert.Equal("{\"location\": \"Paris\"}", string.Concat(deltas.Select(d => (string?)d.ToolCalls![0]!["function"]!["arguments"])));
        Assert.Equal("tool_calls", chunks[^1].FinishReason);
    }

    [Fact]
    public async Task Generate_Completions_AskedAsOneUserMessage()
    {
        using var model = await ModelAsync(LlmTask.Completions);

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["Once upon a time"] }, CancellationToken.None);

        Assert.Equal("Once upon a time", (string?)StandIn.LastRequest.Body!["messages"]![0]!["content"]);
        Assert.Equal("user", (string?)StandIn.LastRequest.Body!["messages"]![0]!["role"]);
        Assert.Equal(StandIn.Reply, answer.Choices[0].Text);
    }

    [Fact]
    public async Task Create_Embeddings_RefusedNamingAnthropic()
    {
        var error = await Assert.ThrowsAsync<ServingException>(() => ModelAsync(LlmTask.Embeddings));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("'anthropic' serves no embeddings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ErrorEvent_FailsWithTheProvidersMessage()
    {
        using var model = await ModelAsync();
        StandIn.ErrorEventNext();

        var (seen, error) = await CollectUntilFailureAsync(model.StreamAsync(Chat(User("hi")) with { Stream = true }, CancellationToken.None));

        Assert.Equal("Hello", TextOf(seen));
        Assert.Equal("anthropic", error.Provider);
        Assert.Equal(529, error.Status);
        Assert.Equal("Overloaded", error.Message);
        Assert.True(error.MayFallBack);
    }

    [Fact]
    public async Task Generate_Refused_ProviderExceptionWithAnthropicsMessageAndRetryAfter()
    {
        using var model = await ModelAsync();
        StandIn.FailNext(429, "Number of request tokens has exceeded your rate limit", TimeSpan.FromSeconds(12));

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));

        Assert.Equal(429, error.Status);
        Assert.Equal("Number of request tokens has exceeded your rate limit", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(12), error.RetryAfter);
    }

    [Fact]
    public async Task Generate_WrongKey_401InAnthropicsWords()
    {
        using var model = await CreateAsync(AnthropicProvider.ProviderName, LlmTask.Chat, "claude-3-haiku",
            new JsonObject { ["anthropic_api_key_plaintext"] = "sk-ant-wrong-key-987654" },
            Client(null, (AnthropicProvider.ProviderName, StandIn.BaseUrl)), Keys);

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));

        Assert.Equal(401, error.Status);
        Assert.Equal("invalid x-api-key", error.Message);
        Assert.False(error.MayFallBack);
    }
    [Theory]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("max_tokens", "length")]
    [InlineData("pause_turn", "pause_turn")]
    [InlineData("refusal", "content_filter")]
    [InlineData("end_turn", "stop")]
    public async Task StopReason_BecomesItsFinishReason_WholeAndStreamed(string stopReason, string finishReason)
    {
        using var model = await ModelAsync();
        StandIn.StopReason = stopReason;

        var answer = await model.GenerateAsync(Hi, CancellationToken.None);
        var chunks = await CollectAsync(model.StreamAsync(Hi with { Stream = true }, CancellationToken.None));

        // stop_reason.py: the values Anthropic may end a message with.
        Assert.Equal(finishReason, answer.Choices[0].FinishReason);
        Assert.Equal(finishReason, chunks[^1].FinishReason);
    }

    [Fact]
    public async Task Usage_PromptTokens_IncludeCacheWritesAndReads_WholeAndStreamed()
    {
        using var model = await ModelAsync();
        StandIn.CacheCreationTokens = 100;
        StandIn.CacheReadTokens = 1000;

        var answer = await model.GenerateAsync(Hi, CancellationToken.None);
        var chunks = await CollectAsync(model.StreamAsync(Hi with { Stream = true }, CancellationToken.None));

        // usage.py: input_tokens excludes cache_creation_input_tokens and cache_read_input_tokens.
        Assert.Equal(new LlmUsage(1101, 9), answer.Usage);
        Assert.Equal(new LlmUsage(1101, 9), chunks[^1].Usage);
    }

    [Fact]
    public async Task Generate_TemperatureAboveOne_RefusedNamingAnthropicsRange()
    {
        using var model = await ModelAsync();

        var error = await Assert.ThrowsAsync<ServingException>(() => model.GenerateAsync(Hi with { Temperature = 1.5 }, CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("0 to 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("anthropic", error.Message, StringComparison.Ordinal);
        Assert.Empty(StandIn.Requests);
    }

    [Theory]
    [InlineData(504, true)]
    [InlineData(402, false)]
    public async Task Generate_TimeoutAndBillingErrors_KeepTheirStatus(int status, bool timedOut)
    {
        using var model = await ModelAsync();
        StandIn.FailNext(status, "stand-in says no");

        var error = await RefusalOfAsync(model);

        Assert.Equal(status, error.Status);
        Assert.Equal(timedOut, error.TimedOut);
        Assert.True(error.MayFallBack);
    }

    [Theory]
    [InlineData("timeout_error", 504, true)]
    [InlineData("billing_error", 402, false)]
    public async Task Stream_TimeoutAndBillingErrorEvents_KeepTheirStatus(string type, int status, bool timedOut)
    {
        using var model = await ModelAsync();
        StandIn.ErrorEventType = type;
        StandIn.ErrorEventNext();

        var (_, error) = await CollectUntilFailureAsync(model.StreamAsync(Hi with { Stream = true }, CancellationToken.None));

        // shared/error_type.py: timeout_error and billing_error are among Anthropic's error types.
        Assert.Equal(status, error.Status);
        Assert.Equal(timedOut, error.TimedOut);
        Assert.True(error.MayFallBack);
    }
}
