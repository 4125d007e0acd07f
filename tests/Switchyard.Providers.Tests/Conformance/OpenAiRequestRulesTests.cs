using System.Text.Json.Nodes;
using Switchyard.Testing.Providers;

namespace Switchyard.Providers.Tests.Conformance;

/// <summary>
/// Each of OpenAI's request rules (written from openapi.yaml) catches the violation it is for, and a
/// conforming body passes: a rule that cannot fail would check nothing.
/// </summary>
public sealed class OpenAiRequestRulesTests
{
    private static JsonObject ChatBody() => JsonNode.Parse("""
        {"model": "gpt-4o", "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Weather?"},
            {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}]},
            {"role": "tool", "content": "sunny", "tool_call_id": "c1"}],
         "max_completion_tokens": 10, "temperature": 0.5, "top_p": 1, "n": 2, "stop": ["x"], "seed": 7,
         "stream": true, "stream_options": {"include_usage": true},
         "tools": [{"type": "function", "function": {"name": "w", "parameters": {"type": "object"}}}], "tool_choice": "auto"}
        """)!.AsObject();

    [Fact]
    public void ConformingBodies_Pass()
    {
        Assert.Null(OpenAiRequestRules.Check(OpenAiRequestRules.Chat, ChatBody()));
        Assert.Null(OpenAiRequestRules.Check(OpenAiRequestRules.Completions, JsonNode.Parse("""{"model": "m", "prompt": "Once", "max_tokens": 5}""")!.AsObject()));
        Assert.Null(OpenAiRequestRules.Check(OpenAiRequestRules.Embeddings, JsonNode.Parse("""{"model": "m", "input": ["a", "b"]}""")!.AsObject()));
    }

    [Theory]
    // CreateChatCompletionRequest.required: model, messages; messages minItems 1.
    [InlineData("""{"model": null}""", "model")]
    [InlineData("""{"messages": []}""", "messages")]
    // Unknown fields are refused (Unrecognized request argument).
    [InlineData("""{"top_k": 40}""", "top_k")]
    [InlineData("""{"stop_sequences": ["x"]}""", "stop_sequences")]
    // ModelResponseProperties.temperature 0..2, top_p 0..1; n 1..128.
    [InlineData("""{"temperature": 2.5}""", "temperature")]
    [InlineData("""{"top_p": 1.5}""", "top_p")]
    [InlineData("""{"n": 0}""", "n")]
    [InlineData("""{"max_completion_tokens": "ten"}""", "max_completion_tokens")]
    // StopConfiguration: at most 4 strings.
    [InlineData("""{"stop": ["a", "b", "c", "d", "e"]}""", "stop")]
    // ChatCompletionStreamOptions only with stream: true.
    [InlineData("""{"stream": false}""", "stream_options")]
    // ChatCompletionRequestMessage: role enum; per-role required fields.
    [InlineData("""{"messages": [{"role": "model", "content": "hi"}]}""", "role")]
    [InlineData("""{"messages": [{"role": "user"}]}""", "content")]
    [InlineData("""{"messages": [{"role": "tool", "content": "sunny"}]}""", "tool_call_id")]
    [InlineData("""{"messages": [{"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "w", "arguments": {}}}]}]}""", "tool_calls")]
    // ChatCompletionTool / ChatCompletionToolChoiceOption.
    [InlineData("""{"tools": [{"type": "function", "function": {"parameters": {}}}]}""", "tools[0]")]
    [InlineData("""{"tool_choice": "any"}""", "tool_choice")]
    public void ChatViolation_IsCaught(string change, string named)
    {
        var body = ChatBody();
        foreach (var (field, value) in JsonNode.Parse(change)!.AsObject())
        {
            body[field] = value?.DeepClone();
        }

        var violation = OpenAiRequestRules.Check(OpenAiRequestRules.Chat, body);

        Assert.NotNull(violation);
        Assert.Contains(named, violation, StringComparison.Ordinal);
    }

    [Theory]
    // CreateCompletionRequest.required: prompt; max_tokens minimum 0; no messages.
    [InlineData(OpenAiRequestRules.Completions, """{"model": "m"}""", "prompt")]
    [InlineData(OpenAiRequestRules.Completions, """{"model": "m", "prompt": "p", "max_tokens": -1}""", "max_tokens")]
    [InlineData(OpenAiRequestRules.Completions, """{"model": "m", "prompt": "p", "messages": []}""", "messages")]
    // CreateEmbeddingRequest: additionalProperties false; input required; encoding_format enum; dimensions minimum 1.
    [InlineData(OpenAiRequestRules.Embeddings, """{"model": "m", "input": "x", "stream": true}""", "stream")]
    [InlineData(OpenAiRequestRules.Embeddings, """{"model": "m"}""", "input")]
    [InlineData(OpenAiRequestRules.Embeddings, """{"model": "m", "input": "x", "encoding_format": "int8"}""", "encoding_format")]
    [InlineData(OpenAiRequestRules.Embeddings, """{"model": "m", "input": "x", "dimensions": 0}""", "dimensions")]
    public void CompletionAndEmbeddingViolations_AreCaught(string operation, string body, string named)
    {
        var violation = OpenAiRequestRules.Check(operation, JsonNode.Parse(body)!.AsObject());

        Assert.NotNull(violation);
        Assert.Contains(named, violation, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelInUrl_DoesNotNeedModel_AndExtensionsAreAllowedOnlyWhenNamed()
    {
        var body = ChatBody();
        body.Remove("model");
        body["top_k"] = 40;

        Assert.Contains("top_k", OpenAiRequestRules.Check(OpenAiRequestRules.Chat, body, modelInUrl: true), StringComparison.Ordinal);
        Assert.Null(OpenAiRequestRules.Check(OpenAiRequestRules.Chat, body, modelInUrl: true, new HashSet<string> { "top_k" }));
    }

    [Fact]
    public void ReasoningModel_RefusesMaxTokens()
    {
        // CreateChatCompletionRequest.max_tokens: deprecated, not compatible with o-series models.
        Assert.NotNull(OpenAiRequestRules.CheckModelLimits(JsonNode.Parse("""{"model": "o3-mini", "max_tokens": 5}""")!.AsObject()));
        Assert.Null(OpenAiRequestRules.CheckModelLimits(JsonNode.Parse("""{"model": "o3-mini", "max_completion_tokens": 5}""")!.AsObject()));
        Assert.Null(OpenAiRequestRules.CheckModelLimits(JsonNode.Parse("""{"model": "gpt-4", "max_tokens": 5}""")!.AsObject()));
    }
}
