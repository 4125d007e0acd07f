using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Bedrock;
using Switchyard.Providers.Cohere;
using Switchyard.Providers.VertexAi;

namespace Switchyard.Providers.Tests;

/// <summary>Cohere, Gemini and Converse translations on their own: streamed tool calls, several choices, tool answers, extra params.</summary>
public sealed class WireTranslationTests
{
    private static JsonObject ConverseBody(LlmRequest request, string family = "anthropic") =>
        WrittenBody.Of(w => ConverseRequestWriter.Write(w, (request, family)));

    [Fact]
    public void Converse_ToolUseStartAndInputDeltas_BecomeOpenAiToolCallDeltas()
    {
        // Block 0 was text: the tool call in block 1 is the stream's first call, OpenAI index 0.
        var tools = new ConverseToolIndexes();
        using var startEvent = JsonDocument.Parse("""{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tu-9","name":"get_weather"}}}""");
        using var deltaEvent = JsonDocument.Parse("""{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":"}}}""");
        using var stopEvent = JsonDocument.Parse("""{"stopReason":"tool_use"}""");
        var start = ConverseAnswerReader.StreamChunk("contentBlockStart", startEvent.RootElement, tools, "id", "m", 0)!;
        var delta = ConverseAnswerReader.StreamChunk("contentBlockDelta", deltaEvent.RootElement, tools, "id", "m", 0)!;
        var stop = ConverseAnswerReader.StreamChunk("messageStop", stopEvent.RootElement, tools, "id", "m", 0)!;

        var opened = start.ToolCalls!.Single()!;
        Assert.Equal("tu-9", opened["id"]!.GetValue<string>());
        Assert.Equal("get_weather", opened["function"]!["name"]!.GetValue<string>());
        Assert.Equal(0, opened["index"]!.GetValue<int>());
        Assert.Equal("{\"city\":", delta.ToolCalls!.Single()!["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal(0, delta.ToolCalls![0]!["index"]!.GetValue<int>());
        Assert.Equal("tool_calls", stop.FinishReason);
    }

    [Fact]
    public void Cohere_ToolCallStartAndDelta_BecomeOpenAiToolCallDeltas()
    {
        using var startEvent = JsonDocument.Parse("""{"type":"tool-call-start","index":0,"delta":{"message":{"tool_calls":{"id":"c-1","type":"function","function":{"name":"get_weather","arguments":""}}}}}""");
        using var deltaEvent = JsonDocument.Parse("""{"type":"tool-call-delta","index":0,"delta":{"message":{"tool_calls":{"function":{"arguments":"{\"city\""}}}}}""");
        using var endEvent = JsonDocument.Parse("""{"type":"message-end","delta":{"finish_reason":"TOOL_CALL","usage":{"billed_units":{"input_tokens":5,"output_tokens":2}}}}""");

        var start = CohereAnswerReader.StreamChunk(startEvent.RootElement, "id", "m", 0)!;
        var delta = CohereAnswerReader.StreamChunk(deltaEvent.RootElement, "id", "m", 0)!;
        var end = CohereAnswerReader.StreamChunk(endEvent.RootElement, "id", "m", 0)!;

        Assert.Equal("get_weather", start.ToolCalls!.Single()!["function"]!["name"]!.GetValue<string>());
        Assert.Equal("{\"city\"", delta.ToolCalls!.Single()!["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("tool_calls", end.FinishReason);
        Assert.Equal(new LlmUsage(5, 2), end.Usage);
    }

    [Fact]
    public void Gemini_TwoCandidates_BecomeTwoChoices()
    {
        using var document = JsonDocument.Parse("""
            {"candidates":[
              {"index":0,"content":{"role":"model","parts":[{"text":"A"}]},"finishReason":"STOP"},
              {"index":1,"content":{"role":"model","parts":[{"text":"B"}]},"finishReason":"MAX_TOKENS"}],
             "usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2}}
            """);

        var answer = GeminiAnswerReader.GenerateResponse(document.RootElement, "gemini", 0);

        Assert.Equal(["A", "B"], answer.Choices.Select(static c => c.Text));
        Assert.Equal(["stop", "length"], answer.Choices.Select(static c => c.FinishReason));
        Assert.Equal(new LlmUsage(4, 2), answer.Usage);
    }

    [Fact]
    public void Converse_MoreThanOneChoice_IsRefusedByName()
    {
        var error = Assert.Throws<ServingException>(() => ConverseBody(new LlmRequest { Task = LlmTask.Chat, Messages = [new("user", "Hi")], N = 2 }));

        Assert.Contains("n=2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllThree_ExtraParams_AreMergedIntoTheProviderBody()
    {
        var request = new LlmRequest
        {
            Task = LlmTask.Chat,
            Messages = [new("user", "Hi")],
            ExtraParams = new JsonObject { ["safety_mode"] = "STRICT" },
        };

        Assert.Equal("STRICT", WrittenBody.Of(w => CohereRequestWriter.WriteChatBody(w, request, "command-r"))["safety_mode"]!.GetValue<string>());
        Assert.Equal("STRICT", WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, request))["safety_mode"]!.GetValue<string>());
        Assert.Equal("STRICT", ConverseBody(request)["safety_mode"]!.GetValue<string>());
    }

    [Fact]
    public void Gemini_ToolAnswer_IsNamedAfterTheFunctionItsCallIdCalled()
    {
        var calls = JsonNode.Parse("""[{"id":"call-7","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]""")!.AsArray();
        var request = new LlmRequest
        {
            Task = LlmTask.Chat,
            Messages = [new("user", "Weather?"), new("assistant", null, calls), new("tool", "sunny", ToolCallId: "call-7")],
        };

        var contents = WrittenBody.Of(w => GeminiRequestWriter.WriteGenerateBody(w, request))["contents"]!.AsArray();

        Assert.Equal("Paris", contents[1]!["parts"]![0]!["functionCall"]!["args"]!["city"]!.GetValue<string>());
        Assert.Equal("get_weather", contents[2]!["parts"]![0]!["functionResponse"]!["name"]!.GetValue<string>());
        Assert.Equal("sunny", contents[2]!["parts"]![0]!["functionResponse"]!["response"]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("anthropic", "top_k")]
    [InlineData("cohere", "k")]
    public void Converse_TopK_GoesInTheFamilysOwnField(string family, string field) =>
        Assert.Equal(40, ConverseBody(new LlmRequest { Task = LlmTask.Chat, Messages = [new("user", "Hi")], TopK = 40 }, family)
            ["additionalModelRequestFields"]![field]!.GetValue<int>());

    [Fact]
    public void Converse_TopKForAFamilyWithoutIt_IsRefusedByName()
    {
        var error = Assert.Throws<ServingException>(() =>
            ConverseBody(new LlmRequest { Task = LlmTask.Chat, Messages = [new("user", "Hi")], TopK = 40 }, "amazon"));

        Assert.Contains("top_k", error.Message, StringComparison.Ordinal);
    }
}
