using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Providers.Bedrock;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;
using static Switchyard.Providers.Tests.ProviderTestKit;

namespace Switchyard.Providers.Tests.Bedrock;

public sealed class BedrockModelTests : IAsyncLifetime
{
    private const string ModelId = "anthropic.claude-3-haiku-20240307-v1:0";

    private static readonly SigV4Credentials Keys = new("AKIASTANDIN0000001", "stand-in/secret+key/0123456789abcdefghij");

    private BedrockStandIn _standIn = null!;

    public async Task InitializeAsync() => _standIn = await BedrockStandIn.StartAsync("us-east-1", Keys);

    public Task DisposeAsync() => _standIn.DisposeAsync().AsTask();

    private async Task<IGenerativeModel> ModelAsync(
        LlmTask task = LlmTask.Chat, string modelId = ModelId, string family = "anthropic", string? secret = null) =>
        await BedrockModel.CreateAsync(
            Context(BedrockProvider.ProviderName, "amazon_bedrock_config", modelId, task,
                new JsonObject
                {
                    ["aws_region"] = "us-east-1",
                    ["bedrock_provider"] = family,
                    ["aws_access_key_id_plaintext"] = Keys.AccessKeyId,
                    ["aws_secret_access_key_plaintext"] = secret ?? Keys.SecretAccessKey,
                },
                Client(ProviderTestKit.Timeout, (BedrockProvider.ProviderName, _standIn.BaseUrl))),
            TimeProvider.System, default);

    [Fact]
    public async Task Generate_ChatWithSystemPromptAndKnobs_SendsASignedConverseRequest()
    {
        using var model = await ModelAsync();
        var request = Chat(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi")) with
        {
            MaxTokens = 100,
            Temperature = 0.5,
            TopP = 0.9,
            Stop = ["END"],
        };

        var answer = await model.GenerateAsync(request, default);
        var sent = _standIn.Requests.Single();
        Assert.Equal("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", _standIn.RawTargets.Single());
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={Keys.AccessKeyId}/", sent.Header("authorization"), StringComparison.Ordinal);
        Assert.Contains("/us-east-1/bedrock/aws4_request", sent.Header("authorization"), StringComparison.Ordinal);
        var body = sent.Body!;
        Assert.Equal("Be brief.", body["system"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Hi", body["messages"]![0]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(100, body["inferenceConfig"]!["maxTokens"]!.GetValue<int>());
        Assert.Equal(0.5, body["inferenceConfig"]!["temperature"]!.GetValue<double>());
        Assert.Equal(0.9, body["inferenceConfig"]!["topP"]!.GetValue<double>());
        Assert.Equal("END", body["inferenceConfig"]!["stopSequences"]![0]!.GetValue<string>());
        Assert.Equal(_standIn.Reply, answer.Choices.Single().Text);
        Assert.Equal("stop", answer.Choices[0].FinishReason);
        Assert.Equal(new LlmUsage(7, StandInReply.Tokens(_standIn.Reply)), answer.Usage);
        Assert.Equal(ModelId, answer.Model);
    }

    [Theory]
    [InlineData("max_tokens", "length")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("tool_use", "tool_calls")]
    public async Task Generate_StopReason_BecomesOpenAis(string stopReason, string expected)
    {
        using var model = await ModelAsync();
        _standIn.StopReason = stopReason;

        var answer = await model.GenerateAsync(Hi, default);

        Assert.Equal(expected, answer.Choices[0].FinishReason);
    }

    [Fact]
    public async Task Generate_WrongSecretKey_IsRefusedWith403InBedrocksShape()
    {
        using var model = await ModelAsync(secret: "not-the-secret-key-at-all-000000000000");

        var error = await RefusalOfAsync(model);

        Assert.Equal(403, error.Status);
        Assert.Contains("signature we calculated does not match", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret-key", error.Message, StringComparison.Ordinal);
        Assert.False(error.MayFallBack);
    }

    [Fact]
    public async Task Generate_Tools_GoAsToolSpecsAndToolTurnsAsBlocks()
    {
        using var model = await ModelAsync();
        var tools = JsonNode.Parse("""[{"type":"function","function":{"name":"get_weather","description":"d","parameters":{"type":"object"}}}]""")!.AsArray();
        var calls = JsonNode.Parse("""[{"id":"tu-1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]""")!.AsArray();
        var request = Chat(
            new ChatMessage("user", "Weather?"),
            new ChatMessage("assistant", null, calls),
            new ChatMessage("tool", "sunny", ToolCallId: "tu-1")) with
        { Tools = tools };

        await model.GenerateAsync(request, default);
        var body = _standIn.Requests.Single().Body!;
        Assert.Equal("get_weather", body["toolConfig"]!["tools"]![0]!["toolSpec"]!["name"]!.GetValue<string>());
        Assert.Equal("object", body["toolConfig"]!["tools"]![0]!["toolSpec"]!["inputSchema"]!["json"]!["type"]!.GetValue<string>());
        Assert.Equal("Paris", body["messages"]![1]!["content"]![0]!["toolUse"]!["input"]!["city"]!.GetValue<string>());
        Assert.Equal("tu-1", body["messages"]![2]!["content"]![0]!["toolResult"]!["toolUseId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_Chat_DecodesEventStreamFramesIntoChunksAsTheyCome()
    {
        using var model = await ModelAsync();

        var chunks = await CollectAsync(model.StreamAsync(Chat(new ChatMessage("user", "Hi")) with { Stream = true }, default));
        var sent = _standIn.Requests.Single();
        Assert.EndsWith("/converse-stream", sent.Path, StringComparison.Ordinal);
        Assert.Equal("application/vnd.amazon.eventstream", sent.Header("accept"));
        Assert.Equal(StandInReply.Pieces(_standIn.Reply), chunks.Where(static c => c.Text is not null).Select(static c => c.Text!));
        Assert.Equal("stop", chunks.Single(static c => c.FinishReason is not null).FinishReason);
        Assert.Equal(new LlmUsage(7, StandInReply.Tokens(_standIn.Reply)), chunks[^1].Usage);
    }

    [Fact]
    public async Task Stream_CorruptFrame_FailsWithProviderExceptionNamingTheCrc()
    {
        using var model = await ModelAsync();
        _standIn.CorruptSecondFrame = true;

        var error = await StreamRefusalOfAsync(model);

        Assert.Contains("CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ExceptionFrame_BecomesProviderExceptionWithItsStatus()
    {
        using var model = await ModelAsync();
        _standIn.StreamException = "throttlingException";

        var error = await StreamRefusalOfAsync(model);

        Assert.Equal(429, error.Status);
        Assert.Contains("Too many tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_TitanEmbeddings_InvokeOncePerInputAndSumTokens()
    {
        using var model = await ModelAsync(LlmTask.Embeddings, "amazon.titan-embed-text-v2:0", "amazon");

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["a", "bbb"] }, default);
        Assert.Equal(2, _standIn.Requests.Count);
        Assert.All(_standIn.RawTargets, static target => Assert.Equal("/model/amazon.titan-embed-text-v2%3A0/invoke", target));
        Assert.Equal([1f, 0.5f, -0.5f], answer.Embeddings![0]);
        Assert.Equal([3f, 0.5f, -0.5f], answer.Embeddings[1]);
        Assert.Equal(14, answer.Usage!.PromptTokens);
    }

    [Fact]
    public async Task Generate_CohereEmbeddings_InvokeOnceWithTexts()
    {
        using var model = await ModelAsync(LlmTask.Embeddings, "cohere.embed-english-v3", "cohere");

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["a", "b"] }, default);
        var sent = _standIn.Requests.Single();
        Assert.Equal("search_document", sent.Body!["input_type"]!.GetValue<string>());
        Assert.Equal([1f, 0.25f, 0.75f], answer.Embeddings![1]);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Generate_ProviderFails_ThrowsProviderExceptionWithItsStatusAndMessage(int status)
    {
        using var model = await ModelAsync();
        _standIn.FailNext(status);

        var error = await RefusalOfAsync(model);

        Assert.Equal("amazon-bedrock", error.Provider);
        Assert.Equal(status, error.Status);
        Assert.Contains("stand-in", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Keys.SecretAccessKey, error.Message, StringComparison.Ordinal);
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
    public async Task Create_EmbeddingsForAFamilyWithoutThem_IsRefusedByName()
    {
        var error = await Assert.ThrowsAsync<Core.Errors.ServingException>(() => ModelAsync(LlmTask.Embeddings, "ai21.j2-ultra", "ai21labs"));

        Assert.Contains("ai21labs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_CallerGoesAwayAfterTheFirstChunk_EndsInCancellationNotAQuietEnd()
    {
        using var model = await ModelAsync();
        using var gone = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in model.StreamAsync(Chat(new ChatMessage("user", "Hi")), gone.Token))
            {
                if (chunk.Text is not null)
                {
                    await gone.CancelAsync();
                }
            }
        });
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
}
