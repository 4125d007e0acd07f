using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Server.Drivers.Llm;

namespace Switchyard.Server.Tests.Drivers.Llm;

public sealed class LlmRequestReaderTests
{
    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}]}""", LlmTask.Chat)]
    [InlineData("""{"prompt": "once upon"}""", LlmTask.Completions)]
    [InlineData("""{"input": ["a", "b"]}""", LlmTask.Embeddings)]
    public void TaskOf_NamesTheTaskByItsField(string json, LlmTask expected) =>
        Assert.Equal(expected, LlmRequestReader.TaskOf(Body(json)));

    [Fact]
    public void TaskOf_ScoringRequest_IsNull() =>
        Assert.Null(LlmRequestReader.TaskOf(Body("""{"dataframe_split": {"columns": ["x"], "data": [[1]]}}""")));

    [Fact]
    public void Read_Chat_KeepsEveryKnob()
    {
        var request = LlmRequestReader.Read(Body("""
            {"messages": [{"role": "system", "content": "be brief"},
                          {"role": "user", "content": [{"type": "text", "text": "hel"}, {"type": "text", "text": "lo"}]}],
             "max_tokens": 32, "temperature": 0.5, "top_p": 0.9, "top_k": 40, "n": 2, "stop": "END",
             "stream": true, "seed": 7, "extra_params": {"presence_penalty": 1}}
            """), LlmTask.Chat);

        Assert.Equal([("system", "be brief"), ("user", "hello")], request.Messages.Select(m => (m.Role, m.Content!)));
        Assert.Equal(32, request.MaxTokens);
        Assert.Equal(0.5, request.Temperature);
        Assert.Equal(0.9, request.TopP);
        Assert.Equal(40, request.TopK);
        Assert.Equal(2, request.N);
        Assert.Equal(["END"], request.Stop);
        Assert.True(request.Stream);
        Assert.Equal(7, request.Seed);
        Assert.Equal(1, (int)request.ExtraParams!["presence_penalty"]!);
    }

    [Fact]
    public void Read_AssistantToolCallWithoutContent_IsAccepted()
    {
        var request = LlmRequestReader.Read(Body("""
            {"messages": [{"role": "user", "content": "weather?"},
                          {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}]},
                          {"role": "tool", "tool_call_id": "c1", "content": "sunny"}]}
            """), LlmTask.Chat);

        Assert.NotNull(request.Messages[1].ToolCalls);
        Assert.Equal("c1", request.Messages[2].ToolCallId);
    }

    [Fact]
    public void Read_EveryBadField_IsNamedInOneError()
    {
        var error = Assert.Throws<ServingException>(() => LlmRequestReader.Read(Body("""
            {"messages": [{"role": "robot", "content": "x"}], "max_tokens": 0, "temperature": 3,
             "top_p": "high", "n": 9, "stop": [""], "stream": "yes"}
            """), LlmTask.Chat));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        foreach (var field in new[] { "messages[0].role", "max_tokens", "temperature", "top_p", "n must be between 1 and 5", "stop", "stream" })
        {
            Assert.Contains(field, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"messages": []}""", LlmTask.Chat, "messages")]
    [InlineData("""{"prompt": 5}""", LlmTask.Completions, "prompt")]
    [InlineData("""{"input": []}""", LlmTask.Embeddings, "input")]
    [InlineData("""{"input": "x", "stream": true}""", LlmTask.Embeddings, "stream")]
    public void Read_MissingOrWrongMainField_IsRefused(string json, LlmTask task, string field)
    {
        var error = Assert.Throws<ServingException>(() => LlmRequestReader.Read(Body(json), task));
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Provider writers index into tools; a wrong shape must be the caller's 400, not a writer's exception.</summary>
    [Theory]
    [InlineData("""{"tools": [1]}""", "tools[0] must be an object")]
    [InlineData("""{"tools": [{"type": "function", "function": []}]}""", "tools[0].function must be an object")]
    [InlineData("""{"tools": [{"function": {"name": 5}}]}""", "tools[0].function.name must be a string")]
    [InlineData("""{"tools": [{"function": {"name": "f", "parameters": "x"}}]}""", "tools[0].function.parameters must be an object")]
    [InlineData("""{"tool_choice": 3}""", "tool_choice must be")]
    [InlineData("""{"tool_choice": {"type": "function", "function": "f"}}""", "tool_choice.function must be an object")]
    [InlineData("""{"tool_choice": {"function": {"name": []}}}""", "tool_choice.function.name must be a string")]
    public void Read_ToolsOfTheWrongShape_AreNamed(string extra, string expected)
    {
        var fields = Body(extra);
        var body = Body("""{"messages": [{"role": "user", "content": "hi"}]}""");
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            body[name] = value;
        }

        var error = Assert.Throws<ServingException>(() => LlmRequestReader.Read(body, LlmTask.Chat));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[1]""", "messages[0].tool_calls[0] must be an object")]
    [InlineData("""[{"id": 1, "function": {"name": "f", "arguments": "{}"}}]""", "messages[0].tool_calls[0].id must be a string")]
    [InlineData("""[{"id": "c", "function": "f"}]""", "messages[0].tool_calls[0].function must be an object")]
    [InlineData("""[{"id": "c", "function": {"name": "f", "arguments": {}}}]""", "messages[0].tool_calls[0].function.arguments must be a string")]
    public void Read_ToolCallsOfTheWrongShape_AreNamed(string calls, string expected)
    {
        var body = Body($$"""{"messages": [{"role": "assistant", "tool_calls": {{calls}}}]}""");
        var error = Assert.Throws<ServingException>(() => LlmRequestReader.Read(body, LlmTask.Chat));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ToolsInEitherShape_AreAccepted()
    {
        var request = LlmRequestReader.Read(Body("""
            {"messages": [{"role": "user", "content": "hi"}],
             "tools": [{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object"}}},
                       {"name": "g", "input_schema": {"type": "object"}}],
             "tool_choice": {"type": "function", "function": {"name": "f"}}}
            """), LlmTask.Chat);
        Assert.Equal(2, request.Tools!.Count);
    }

    [Theory]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 7}""", false)]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_completion_tokens": 7}""", true)]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 7, "max_completion_tokens": 9}""", false)]
    public void MaxTokens_RemembersWhichNameTheCallerUsed(string json, bool asCompletionTokens)
    {
        var request = LlmRequestReader.Read(Body(json), LlmTask.Chat);

        Assert.Equal(7, request.MaxTokens);
        Assert.Equal(asCompletionTokens, request.MaxTokensAsCompletionTokens);
    }
}
