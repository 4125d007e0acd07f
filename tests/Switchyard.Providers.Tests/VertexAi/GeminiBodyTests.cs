using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.VertexAi;
using static Switchyard.Providers.Tests.Models;

namespace Switchyard.Providers.Tests.VertexAi;

/// <summary>The Gemini body and answers checked against aiplatform v1's content, tool and prediction_service protos.</summary>
public sealed class GeminiBodyTests
{
    private static readonly JsonArray StrictTool = new(new JsonObject
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = "get_weather",
            ["description"] = "Weather now.",
            ["strict"] = true,
            ["parameters"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } },
                ["required"] = new JsonArray("city"),
                ["additionalProperties"] = false,
            },
        },
    });

    [Fact]
    public void Function_GoesAsADeclarationWithItsJsonSchemaAndNoStrict()
    {
        var declaration = WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, Hi with { Tools = StrictTool }))["tools"]![0]!["functionDeclarations"]![0]!.AsObject();

        Assert.Equal(["name", "description", "parametersJsonSchema"], declaration.Select(p => p.Key));
        Assert.Equal("string", declaration["parametersJsonSchema"]!["properties"]!["city"]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"auto\"", """{"functionCallingConfig":{"mode":"AUTO"}}""")]
    [InlineData("\"none\"", """{"functionCallingConfig":{"mode":"NONE"}}""")]
    [InlineData("\"required\"", """{"functionCallingConfig":{"mode":"ANY"}}""")]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", """{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}""")]
    public void ToolChoice_BecomesFunctionCallingConfig(string openAi, string gemini) =>
        Assert.Equal(gemini, WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, Hi with { Tools = StrictTool, ToolChoice = JsonNode.Parse(openAi) }))["toolConfig"]!.ToJsonString());

    [Fact]
    public void ParallelToolResults_BecomeOneTurnWithAResponsePerCall()
    {
        var calls = new JsonArray(
            new JsonObject { ["id"] = "a", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{}" } },
            new JsonObject { ["id"] = "b", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{}" } });
        var request = Chat(
            User("Paris and Rome?"),
            new ChatMessage(ChatRoles.Assistant, null, calls),
            new ChatMessage(ChatRoles.Tool, "sunny", ToolCallId: "a"),
            new ChatMessage(ChatRoles.Tool, "rain", ToolCallId: "b"));

        var contents = WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, request))["contents"]!.AsArray();

        Assert.Equal(3, contents.Count);
        Assert.Equal(2, contents[2]!["parts"]!.AsArray().Count);
        Assert.Empty(Switchyard.Testing.Providers.GeminiRequestRules.Check(WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, request))));
    }

    [Fact]
    public void SeedBeyondInt32_IsRefusedNamingTheRange()
    {
        var error = Assert.Throws<ServingException>(() => WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, Hi with { Seed = 1L << 40 })));

        Assert.Contains("32-bit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralPrompts_AreNotMergedIntoOneConversation() =>
        Assert.Throws<ServingException>(() => WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, new LlmRequest { Task = LlmTask.Completions, Prompts = ["a", "b"] })));

    [Fact]
    public void ExtraParams_ReplaceOurTopLevelField_WithTheCallersValueOnce()
    {
        var request = Hi with
        {
            Temperature = 0.2,
            MaxTokens = 64,
            ExtraParams = new JsonObject { ["generationConfig"] = new JsonObject { ["temperature"] = 1.5 } },
        };

        // WrittenBody refuses a name written twice, so this reads the one generationConfig there is.
        var body = WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, request));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"temperature":1.5}"""), body["generationConfig"]));
        Assert.Equal("Hi", body["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("OTHER", "stop")]
    [InlineData("MODEL_ARMOR", "content_filter")]
    [InlineData("SPII", "content_filter")]
    public void FinishReason_BecomesOurs(string gemini, string expected) =>
        Assert.Equal(expected, GeminiAnswerReader.FinishReason(gemini, calledTools: false));

    [Fact]
    public void MalformedFunctionCall_FailsNamingIt()
    {
        var error = Assert.Throws<ProviderException>(() => GeminiAnswerReader.FinishReason("MALFORMED_FUNCTION_CALL", calledTools: false));

        Assert.Contains("MALFORMED_FUNCTION_CALL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockedPrompt_IsAnErrorNamingTheBlockReason()
    {
        using var blocked = JsonDocument.Parse("""{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT","blockReasonMessage":"Not allowed."},"usageMetadata":{"promptTokenCount":4}}""");

        var whole = Assert.Throws<ServingException>(() => GeminiAnswerReader.GenerateResponse(blocked.RootElement, "m", 0));
        var streamed = Assert.Throws<ServingException>(() => GeminiAnswerReader.StreamChunks(blocked.RootElement, "id", "m", 0).ToList());

        Assert.Contains("PROHIBITED_CONTENT", whole.Message, StringComparison.Ordinal);
        Assert.Contains("Not allowed.", whole.Message, StringComparison.Ordinal);
        Assert.Contains("PROHIBITED_CONTENT", streamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThoughtsTokens_CountAsCompletionTokens()
    {
        using var document = JsonDocument.Parse("""
            {"candidates":[{"index":0,"content":{"role":"model","parts":[{"text":"A"}]},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"thoughtsTokenCount":40,"totalTokenCount":48}}
            """);

        var answer = GeminiAnswerReader.GenerateResponse(document.RootElement, "m", 0);

        Assert.Equal(new LlmUsage(5, 43), answer.Usage);
    }
}
