using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Cohere;
using static Switchyard.Providers.Tests.Models;

namespace Switchyard.Providers.Tests.Cohere;

/// <summary>The Cohere v2 body and answers checked against cohere-python's v2 types: ranges, tools, finish reasons, usage, input type.</summary>
public sealed class CohereBodyTests
{
    private static JsonObject ChatBody(LlmRequest request) => WrittenBody.Of(w => CohereRequestWriter.WriteChatBody(w, request, "command-r"));

    private static JsonObject EmbedBody(LlmRequest request) => WrittenBody.Of(w => CohereRequestWriter.WriteEmbedBody(w, request, "embed-english-v3.0"));

    [Theory]
    [InlineData(1.0, 0.99)]
    [InlineData(0.0, 0.01)]
    [InlineData(0.5, 0.5)]
    public void TopP_IsClampedIntoCoheresRange(double topP, double p) =>
        Assert.Equal(p, ChatBody(Hi with { TopP = topP })["p"]!.GetValue<double>());

    [Theory]
    [InlineData(2000, 500)]
    [InlineData(40, 40)]
    public void TopK_IsClampedIntoCoheresRange(int topK, int k) =>
        Assert.Equal(k, ChatBody(Hi with { TopK = topK })["k"]!.GetValue<int>());

    [Fact]
    public void ToolWithoutParameters_GetsAnEmptyObjectSchemaAndStrictGoesRequestWide()
    {
        var tools = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "now", ["strict"] = true },
        });

        var body = ChatBody(Hi with { Tools = tools });

        var function = body["tools"]![0]!["function"]!.AsObject();
        Assert.Equal("""{"type":"object","properties":{}}""", function["parameters"]!.ToJsonString());
        Assert.False(function.ContainsKey("strict"));
        Assert.True(body["strict_tools"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("\"none\"", "NONE")]
    [InlineData("\"required\"", "REQUIRED")]
    public void ToolChoice_BecomesCoheres(string openAi, string cohere)
    {
        var tools = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "now" } });

        Assert.Equal(cohere, ChatBody(Hi with { Tools = tools, ToolChoice = JsonNode.Parse(openAi) })["tool_choice"]!.GetValue<string>());
    }

    [Fact]
    public void ExtraParams_OverridingOurField_GiveTheCallersValueOnce()
    {
        // WrittenBody refuses a name written twice, so this also checks that ours was left out.
        var body = ChatBody(Hi with { Temperature = 0.3, ExtraParams = new JsonObject { ["temperature"] = 0.9 } });

        Assert.Equal(0.9, body["temperature"]!.GetValue<double>());
    }

    [Fact]
    public void SeveralPrompts_AreNotMergedIntoOneConversation() =>
        Assert.Throws<ServingException>(() => ChatBody(new LlmRequest { Task = LlmTask.Completions, Prompts = ["a", "b"] }));

    [Fact]
    public void ErrorFinish_FailsWithCoheresErrorText()
    {
        using var end = JsonDocument.Parse("""{"type":"message-end","delta":{"error":"The model crashed.","finish_reason":"ERROR"}}""");

        var error = Assert.Throws<ProviderException>(() => CohereAnswerReader.StreamChunk(end.RootElement, "id", "m", 0));

        Assert.Contains("The model crashed.", error.Message, StringComparison.Ordinal);

        // No HTTP status of its own: the caller gets a 502, and a fallback entity may answer instead.
        Assert.Null(error.Status);
    }

    [Fact]
    public void TimeoutFinish_FailsAsATimeout()
    {
        using var answer = JsonDocument.Parse("""{"id":"x","finish_reason":"TIMEOUT","message":{"role":"assistant","content":[]}}""");

        var error = Assert.Throws<ProviderException>(() => CohereAnswerReader.ChatResponse(answer.RootElement, "m", 0));

        Assert.True(error.TimedOut);
    }

    [Fact]
    public void EmbedBilledUnits_MayBeFractional()
    {
        using var answer = JsonDocument.Parse("""{"id":"e","embeddings":{"float":[[0.5]]},"meta":{"billed_units":{"input_tokens":12.0}}}""");

        Assert.Equal(12, CohereAnswerReader.EmbedResponse(answer.RootElement, "m", 0).Usage!.PromptTokens);
    }

    [Theory]
    [InlineData(null, "search_document")]
    [InlineData("search_query", "search_query")]
    [InlineData("clustering", "clustering")]
    public void EmbedInputType_IsTheQuerysChoice(string? given, string sent)
    {
        var request = new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["hello"], InputType = given is null ? null : JsonValue.Create(given) };

        Assert.Equal(sent, EmbedBody(request)["input_type"]!.GetValue<string>());
    }

    [Fact]
    public void EmbedInputTypeOutsideCoheres_IsRefused()
    {
        var request = new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["hello"], InputType = JsonValue.Create("documents") };

        Assert.Throws<ServingException>(() => EmbedBody(request));
    }
}
