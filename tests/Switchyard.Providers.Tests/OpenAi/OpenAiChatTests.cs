using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;
using Switchyard.Providers.OpenAi;

namespace Switchyard.Providers.Tests.OpenAi;

/// <summary>The openai provider against the OpenAI stand-in: chat, completions and embeddings, whole and streamed.</summary>
public sealed class OpenAiChatTests : StandInTests<OpenAiStandIn>
{
    protected override Task<OpenAiStandIn> StartStandInAsync() => OpenAiStandIn.StartAsync();

    private Task<IGenerativeModel> ModelAsync(LlmTask task = LlmTask.Chat) =>
        CreateAsync(OpenAiProvider.ProviderName, task, "gpt-4o-mini", new JsonObject
        {
            ["openai_api_key_plaintext"] = StandIn.ApiKey,
            ["openai_api_base"] = StandIn.BaseUrl,
            ["openai_organization"] = "org-test",
        }, Client(), Keys);

    [Fact]
    public async Task Generate_Chat_SendsOpenAiRequestAndTranslatesAnswer()
    {
        using var model = await ModelAsync();

        var answer = await model.GenerateAsync(Chat(SystemMessage("Be brief."), User("Say hello")) with
        {
            MaxTokens = 100,
            Temperature = 0.2,
            TopP = 0.9,
            N = 2,
            Seed = 7,
        }, CancellationToken.None);

        var seen = StandIn.LastRequest;
        Assert.Equal("/v1/chat/completions", seen.Path);
        Assert.Equal($"Bearer {StandIn.ApiKey}", seen.Header("Authorization"));
        Assert.Equal("org-test", seen.Header("OpenAI-Organization"));
        Assert.Equal("gpt-4o-mini", (string?)seen.Body!["model"]);
        Assert.Equal("system", (string?)seen.Body["messages"]![0]!["role"]);
        Assert.Equal(100, (int)seen.Body["max_tokens"]!);
        Assert.Equal(0.2, (double)seen.Body["temperature"]!);
        Assert.Equal(2, (int)seen.Body["n"]!);
        Assert.Equal(7, (long)seen.Body["seed"]!);
        Assert.Null(seen.Body["top_k"]);
        Assert.Equal("gpt-4o-mini", answer.Model);
        Assert.Equal([0, 1], answer.Choices.Select(c => c.Index));
        Assert.All(answer.Choices, c => Assert.Equal(StandIn.Reply, c.Text));
        Assert.All(answer.Choices, c => Assert.Equal("stop", c.FinishReason));
        Assert.Equal(new LlmUsage(4, 18), answer.Usage);
    }

    [Fact]
    public async Task Generate_MaxTokensAndStop_CutTheAnswerAndSayWhy()
    {
        using var model = await ModelAsync();

        var cut = await model.GenerateAsync(Chat(User("hi")) with { MaxTokens = 3 }, CancellationToken.None);
        var stopped = await model.GenerateAsync(Chat(User("hi")) with { Stop = [","] }, CancellationToken.None);

        Assert.Equal("Hello from the", cut.Choices[0].Text);
        Assert.Equal("length", cut.Choices[0].FinishReason);
        Assert.Equal(new JsonArray(","), StandIn.LastRequest.Body!["stop"], JsonNode.DeepEquals);
        Assert.Equal("Hello from the stand-in", stopped.Choices[0].Text);
        Assert.Equal("stop", stopped.Choices[0].FinishReason);
    }

    [Fact]
    public async Task Stream_Chat_YieldsChunksAsTheyComeWithFinishAndUsage()
    {
        using var model = await ModelAsync();

        var chunks = await CollectAsync(model.StreamAsync(Chat(User("Say hello")) with { Stream = true }, CancellationToken.None));

        Assert.True(chunks.Count(c => !string.IsNullOrEmpty(c.Text)) >= 5);
        Assert.Equal(StandIn.Reply, TextOf(chunks));
        Assert.Equal("stop", chunks.Single(c => c.FinishReason is not null).FinishReason);
        Assert.Equal(new LlmUsage(2, 9), chunks[^1].Usage);
        Assert.True((bool)StandIn.LastRequest.Body!["stream"]!);
        Assert.True((bool)StandIn.LastRequest.Body["stream_options"]!["include_usage"]!);
        Assert.Equal("text/event-stream", StandIn.LastRequest.Header("Accept"));
    }

    [Fact]
    public async Task Generate_Tools_ReturnsToolCallsAndTakesToolAnswers()
    {
        using var model = await ModelAsync();
        var tools = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } },
        });

        var call = await model.GenerateAsync(Chat(User("Weather in Paris?")) with { Tools = tools, ToolChoice = "auto" }, CancellationToken.None);
        var toolCalls = call.Choices[0].ToolCalls!;
        var followUp = await model.GenerateAsync(Chat(
            User("Weather in Paris?"),
            new ChatMessage(ChatRoles.Assistant, null, (JsonArray)toolCalls.DeepClone()),
            new ChatMessage(ChatRoles.Tool, "sunny", ToolCallId: "call_standin_1")) with
        { Tools = tools }, CancellationToken.None);

        Assert.Equal("tool_calls", call.Choices[0].FinishReason);
        Assert.Equal("get_weather", (string?)toolCalls[0]!["function"]!["name"]);
        Assert.Equal("auto", (string?)StandIn.Requests[0].Body!["tool_choice"]);
        Assert.Equal("call_standin_1", (string?)StandIn.LastRequest.Body!["messages"]![2]!["tool_call_id"]);
        Assert.Equal("The tool said: sunny", followUp.Choices[0].Text);
    }

    [Fact]
    public async Task Stream_Tools_YieldsToolCallDeltas()
    {
        using var model = await ModelAsync();
        var tools = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather" } });

        var chunks = await CollectAsync(model.StreamAsync(Chat(User("Weather?")) with { Tools = tools, Stream = true }, CancellationToken.None));

        var deltas = chunks.Where(c => c.ToolCalls is not null).ToList();
        Assert.Equal("get_weather", (string?)deltas[0].ToolCalls![0]!["function"]!["name"]);
        Assert.Equal("{\"location\":\"Paris\"}", string.Concat(deltas.Select(d => (string?)d.ToolCalls![0]!["function"]!["arguments"])));
        Assert.Equal("tool_calls", chunks.Single(c => c.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task Generate_Completions_SendsPromptAndReadsText()
    {
        using var model = await ModelAsync(LlmTask.Completions);

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["Once upon"], MaxTokens = 2 }, CancellationToken.None);
        var streamed = await CollectAsync(model.StreamAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["Once upon"], Stream = true }, CancellationToken.None));

        Assert.Equal("/v1/completions", StandIn.Requests[0].Path);
        Assert.Equal("Once upon", (string?)StandIn.Requests[0].Body!["prompt"]);
        Assert.Equal("Hello from", answer.Choices[0].Text);
        Assert.Equal("length", answer.Choices[0].FinishReason);
        Assert.Equal(StandIn.Reply, TextOf(streamed));
    }

    [Fact]
    public async Task Generate_Embeddings_OneVectorPerInputWithUsage()
    {
        using var model = await ModelAsync(LlmTask.Embeddings);

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["one two", "three"] }, CancellationToken.None);

        Assert.Equal("/v1/embeddings", StandIn.LastRequest.Path);
        Assert.Equal(new JsonArray("one two", "three"), StandIn.LastRequest.Body!["input"], JsonNode.DeepEquals);
        Assert.Equal([7f, 2f, 0.5f, -1f], answer.Embeddings![0]);
        Assert.Equal([5f, 1f, 0.5f, -1f], answer.Embeddings[1]);
        Assert.Equal(3, answer.Usage!.PromptTokens);
        Assert.Equal(0, answer.Usage.CompletionTokens);
    }

    [Fact]
    public async Task Generate_ExtraParams_GoToTheProviderAndWin()
    {
        using var model = await ModelAsync();

        await model.GenerateAsync(Chat(User("hi")) with
        {
            Temperature = 0.1,
            ExtraParams = new JsonObject { ["temperature"] = 0.9, ["logprobs"] = true },
        }, CancellationToken.None);

        Assert.Equal(0.9, (double)StandIn.LastRequest.Body!["temperature"]!);
        Assert.True((bool)StandIn.LastRequest.Body["logprobs"]!);
        Assert.Equal(2, StandIn.LastRequest.RawBody.Split("\"temperature\"").Length);
    }
    [Fact]
    public async Task Generate_MaxCompletionTokens_IsSentUnderThatNameAndNotAsMaxTokens()
    {
        using var model = await ModelAsync();

        var answer = await model.GenerateAsync(Chat(User("hi")) with { MaxTokens = 3, MaxTokensAsCompletionTokens = true }, CancellationToken.None);

        // openapi.yaml CreateChatCompletionRequest.max_tokens: deprecated in favour of max_completion_tokens.
        Assert.Equal(3, (int)StandIn.LastRequest.Body!["max_completion_tokens"]!);
        Assert.Null(StandIn.LastRequest.Body["max_tokens"]);
        Assert.Equal("length", answer.Choices[0].FinishReason);
    }

    [Fact]
    public async Task Generate_Refusal_IsCarriedIntoTheChoice()
    {
        using var model = await ModelAsync();
        StandIn.Refusal = "I can't help with that.";

        var answer = await model.GenerateAsync(Hi, CancellationToken.None);

        Assert.Null(answer.Choices[0].Text);
        Assert.Equal("I can't help with that.", answer.Choices[0].Refusal);
    }

    [Fact]
    public async Task Stream_Refusal_IsCarriedIntoTheChunks()
    {
        using var model = await ModelAsync();
        StandIn.Refusal = "I can't help with that.";

        var chunks = await CollectAsync(model.StreamAsync(Hi with { Stream = true }, CancellationToken.None));

        Assert.Equal("I can't help with that.", string.Concat(chunks.Select(c => c.Refusal)));
        Assert.Equal("", TextOf(chunks));
    }
}
