using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Bedrock;
using static Switchyard.Providers.Tests.Models;

namespace Switchyard.Providers.Tests.Bedrock;

/// <summary>The Converse body checked against botocore's bedrock-runtime definition: turns, ranges, tool choice, stop reasons.</summary>
public sealed class ConverseBodyTests
{
    private static ChatMessage AssistantCalling(params string[] ids)
    {
        var calls = new JsonArray();
        foreach (var id in ids)
        {
            calls.Add(new JsonObject
            {
                ["id"] = id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{}" },
            });
        }

        return new ChatMessage(ChatRoles.Assistant, null) { ToolCalls = calls };
    }

    private static JsonObject Body(LlmRequest request) => WrittenBody.Of(w => ConverseRequestWriter.Write(w, (request, "anthropic")));

    private static ChatMessage ToolResult(string id, string text) => new(ChatRoles.Tool, text) { ToolCallId = id };

    private static readonly JsonArray WeatherTool = new(new JsonObject
    {
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } },
    });

    [Fact]
    public void ParallelToolResults_BecomeOneUserTurnWithSeveralToolResultBlocks()
    {
        var body = Body(
            Chat(User("Weather in Paris and Rome?"), AssistantCalling("a", "b"), ToolResult("a", "sunny"), ToolResult("b", "rain")) with { Tools = WeatherTool });

        var messages = body["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        var results = messages[2]!["content"]!.AsArray();
        Assert.Equal(["a", "b"], results.Select(r => r!["toolResult"]!["toolUseId"]!.GetValue<string>()));
    }

    [Fact]
    public void UserTextAfterToolResults_JoinsTheSameUserTurn()
    {
        var body = Body(Chat(User("Weather?"), AssistantCalling("a"), ToolResult("a", "sunny"), User("And tomorrow?")) with { Tools = WeatherTool });

        var messages = body["messages"]!.AsArray();
        Assert.Equal(3, messages.Count);
        Assert.Equal(2, messages[2]!["content"]!.AsArray().Count);
    }

    [Fact]
    public void TemperatureAboveOne_IsRefusedNamingBedrocksRange()
    {
        var error = Assert.Throws<ServingException>(() => Body(Hi with { Temperature = 1.5 }));

        Assert.Contains("Amazon Bedrock", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemperatureOfOne_GoesAsIs() =>
        Assert.Equal(1.0, Body(Hi with { Temperature = 1 })["inferenceConfig"]!["temperature"]!.GetValue<double>());

    [Fact]
    public void EmptySystemPrompt_IsLeftOut()
    {
        var body = Body(Chat(SystemMessage(""), User("Hi")));

        Assert.False(body.ContainsKey("system"));
    }

    [Fact]
    public void SeveralPrompts_AreNotMergedIntoOneConversation() =>
        Assert.Throws<ServingException>(() => Body(new LlmRequest { Task = LlmTask.Completions, Prompts = ["a", "b"] }));

    [Theory]
    [InlineData("\"auto\"", """{"auto":{}}""")]
    [InlineData("\"required\"", """{"any":{}}""")]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", """{"tool":{"name":"get_weather"}}""")]
    public void ToolChoice_BecomesConversesToolChoice(string openAi, string converse)
    {
        var body = Body(Hi with { Tools = WeatherTool, ToolChoice = JsonNode.Parse(openAi) });

        Assert.Equal(converse, body["toolConfig"]!["toolChoice"]!.ToJsonString());
    }

    [Fact]
    public void ToolChoiceNone_LeavesTheToolsOutOfAFreshConversation()
    {
        var body = Body(Hi with { Tools = WeatherTool, ToolChoice = JsonValue.Create("none") });

        Assert.False(body.ContainsKey("toolConfig"));
    }

    [Fact]
    public void ExtraParams_NamingOneOfOurFields_GiveTheCallersValueOnce()
    {
        // WrittenBody refuses a name written twice, so inferenceConfig is there once: the caller's.
        var body = Body(Hi with
        {
            MaxTokens = 100,
            Temperature = 0.5,
            ExtraParams = new JsonObject { ["inferenceConfig"] = new JsonObject { ["maxTokens"] = 5 } },
        });

        Assert.Equal("""{"maxTokens":5}""", body["inferenceConfig"]!.ToJsonString());
        Assert.Equal("Hi", body["messages"]![0]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("guardrail_intervened", "content_filter")]
    public void StopReason_BecomesOurs(string stopReason, string expected) =>
        Assert.Equal(expected, ConverseAnswerReader.FinishReason(stopReason));

    [Theory]
    [InlineData("malformed_model_output")]
    [InlineData("malformed_tool_use")]
    public void MalformedStopReason_FailsNamingIt(string stopReason)
    {
        var error = Assert.Throws<ProviderException>(() => ConverseAnswerReader.FinishReason(stopReason));

        Assert.Contains(stopReason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CohereEmbeddings_TakeTheQuerysInputType()
    {
        var request = new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["a"], InputType = JsonValue.Create("search_query") };

        Assert.Equal("search_query", WrittenBody.Of(w => BedrockEmbeddingWire.WriteCohereBody(w, request))["input_type"]!.GetValue<string>());
    }
}
