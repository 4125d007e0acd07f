using System.Text;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Server.Drivers.Llm;

namespace Switchyard.Server.Tests.Drivers.Llm;

public sealed class LlmRequestReaderTests
{
    private static LlmRequest Read(string json, LlmTask? task) => LlmRequestReader.Read(Encoding.UTF8.GetBytes(json), task, "e");

    [Theory]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}]}""", LlmTask.Chat)]
    [InlineData("""{"prompt": "once upon"}""", LlmTask.Completions)]
    [InlineData("""{"input": ["a", "b"]}""", LlmTask.Embeddings)]
    [InlineData("""{"input": ["a"], "prompt": "once upon"}""", LlmTask.Completions)]
    public void WithoutARouteTask_TheBodysFieldNamesIt(string json, LlmTask expected) =>
        Assert.Equal(expected, Read(json, null).Task);

    [Fact]
    public void WithoutARouteTask_AScoringRequestIsRefused()
    {
        var error = Assert.Throws<ServingException>(() => Read("""{"dataframe_split": {"columns": ["x"], "data": [[1]]}}""", null));
        Assert.Equal("Endpoint e serves LLMs: send messages (chat), prompt (completions) or input (embeddings).", error.Message);
    }

    [Fact]
    public void Read_Chat_KeepsEveryKnob()
    {
        var request = Read("""
            {"messages": [{"role": "system", "content": "be brief"},
                          {"role": "user", "content": [{"type": "text", "text": "hel"}, {"type": "text", "text": "lo"}]}],
             "max_tokens": 32, "temperature": 0.5, "top_p": 0.9, "top_k": 40, "n": 2, "stop": "END",
             "stream": true, "seed": 7, "extra_params": {"presence_penalty": 1}}
            """, LlmTask.Chat);

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
        var request = Read("""
            {"messages": [{"role": "user", "content": "weather?"},
                          {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}]},
                          {"role": "tool", "tool_call_id": "c1", "content": "sunny"}]}
            """, LlmTask.Chat);

        Assert.NotNull(request.Messages[1].ToolCalls);
        Assert.Equal("c1", request.Messages[2].ToolCallId);
    }

    [Fact]
    public void Read_EveryBadField_IsNamedInOneError()
    {
        var error = Assert.Throws<ServingException>(() => Read("""
            {"messages": [{"role": "robot", "content": "x"}], "max_tokens": 0, "temperature": 3,
             "top_p": "high", "n": 9, "stop": [""], "stream": "yes"}
            """, LlmTask.Chat));

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
        var error = Assert.Throws<ServingException>(() => Read(json, task));
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
        var body = $$"""{"messages": [{"role": "user", "content": "hi"}], {{extra[1..^1]}}}""";

        var error = Assert.Throws<ServingException>(() => Read(body, LlmTask.Chat));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[1]""", "messages[0].tool_calls[0] must be an object")]
    [InlineData("""[{"id": 1, "function": {"name": "f", "arguments": "{}"}}]""", "messages[0].tool_calls[0].id must be a string")]
    [InlineData("""[{"id": "c", "function": "f"}]""", "messages[0].tool_calls[0].function must be an object")]
    [InlineData("""[{"id": "c", "function": {"name": "f", "arguments": {}}}]""", "messages[0].tool_calls[0].function.arguments must be a string")]
    public void Read_ToolCallsOfTheWrongShape_AreNamed(string calls, string expected)
    {
        var body = $$"""{"messages": [{"role": "assistant", "tool_calls": {{calls}}}]}""";
        var error = Assert.Throws<ServingException>(() => Read(body, LlmTask.Chat));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ToolsInEitherShape_AreAccepted()
    {
        var request = Read("""
            {"messages": [{"role": "user", "content": "hi"}],
             "tools": [{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object"}}},
                       {"name": "g", "input_schema": {"type": "object"}}],
             "tool_choice": {"type": "function", "function": {"name": "f"}}}
            """, LlmTask.Chat);
        Assert.Equal(2, request.Tools!.Count);
    }

    [Theory]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 7}""", false)]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_completion_tokens": 7}""", true)]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 7, "max_completion_tokens": 9}""", false)]
    public void MaxTokens_RemembersWhichNameTheCallerUsed(string json, bool asCompletionTokens)
    {
        var request = Read(json, LlmTask.Chat);

        Assert.Equal(7, request.MaxTokens);
        Assert.Equal(asCompletionTokens, request.MaxTokensAsCompletionTokens);
    }

    /// <summary>The errors are reported in one order whatever order the body gives its fields.</summary>
    [Fact]
    public void Errors_ComeInOneOrder_WhateverTheBodysOrder()
    {
        var forward = Assert.Throws<ServingException>(() => Read(
            """{"messages": [{"content": "x", "role": "robot"}], "max_tokens": 0, "stop": [""], "stream": "yes", "tools": 5}""", LlmTask.Chat));
        var backward = Assert.Throws<ServingException>(() => Read(
            """{"tools": 5, "stream": "yes", "stop": [""], "max_tokens": 0, "messages": [{"role": "robot", "content": "x"}]}""", LlmTask.Chat));

        Assert.Equal(
            "messages[0].role must be one of system, user, assistant, tool. max_tokens must be at least 1. "
            + "stop must be a string or an array of non-empty strings. stream must be true or false. tools must be an array.",
            forward.Message);
        Assert.Equal(forward.Message, backward.Message);
    }

    /// <summary>A field of another task is not read for this one, as before: only the task's own field is checked.</summary>
    [Fact]
    public void AnotherTasksField_IsNotChecked()
    {
        var request = Read("""{"messages": [{"role": "user", "content": "hi"}], "input": 5, "prompt": {}}""", LlmTask.Chat);

        Assert.Equal("hi", request.Messages[0].Content);
        Assert.Empty(request.Prompts);
        Assert.Empty(request.Inputs);
    }

    [Fact]
    public void UnknownFieldsOfAnyShape_ArePassedOver()
    {
        var request = Read("""
            {"model": "e", "user": "u-1", "stream_options": {"include_usage": true}, "logit_bias": {"50256": -100},
             "messages": [{"role": "user", "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}], "extra": [1, {"a": null}]}],
             "metadata": [[], {}], "temperature": 0.25}
            """, LlmTask.Chat);

        Assert.Equal("hi", request.Messages[0].Content);
        Assert.Equal(0.25, request.Temperature);
    }

    [Fact]
    public void TheDeveloperRole_IsTheSystemPrompt() =>
        Assert.Equal(ChatRoles.System, Read("""{"messages": [{"role": "developer", "content": "be brief"}]}""", LlmTask.Chat).Messages[0].Role);

    [Fact]
    public void InputType_IsKeptAsSent()
    {
        Assert.Equal("search_query", (string?)Read("""{"input": "a", "input_type": "search_query"}""", LlmTask.Embeddings).InputType);
        Assert.Null(Read("""{"input": "a", "input_type": null}""", LlmTask.Embeddings).InputType);
    }

    /// <summary>What a parsed body was held to before (JsonBody and WellFormedText), the reader holds it to as it reads.</summary>
    [Theory]
    [InlineData("", "The request body is empty; a JSON object was expected.")]
    [InlineData("""["messages"]""", "The request body must be a JSON object.")]
    [InlineData("""{"prompt": "x",}""", "Malformed JSON at line 1, column 16")]
    [InlineData("""{"prompt": "x"} {}""", "Malformed JSON at line 1, column 17")]
    [InlineData("""{"prompt": "x", "prompt": "y"}""", "The request body gives the same property twice.")]
    [InlineData("""{"prompt": "x", "model": "a", "model": "b"}""", "The request body gives the same property twice.")]
    [InlineData("""{"prompt": "x", "mo\u0064el": "a", "model": "b"}""", "The request body gives the same property twice.")]
    [InlineData("""{"messages": [{"role": "user", "content": "x", "role": "user"}]}""", "messages[0] gives the same property twice.")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "text", "text": "a", "text": "b"}]}]}""", "messages[0].content[0] gives the same property twice.")]
    [InlineData("""{"prompt": "x", "metadata": {"a": 1, "a": 2}}""", "metadata gives the same property twice.")]
    [InlineData("""{"prompt": "x", "tools": [{"function": {"name": "f", "name": "g"}}]}""", "tools[0].function gives the same property twice.")]
    [InlineData("""{"prompt": "half \ud800 a surrogate"}""", "prompt is not well-formed text")]
    [InlineData("""{"prompt": ["a", "\udc00"]}""", "prompt[1] is not well-formed text")]
    [InlineData("""{"prompt": "x", "user": "\ud800"}""", "user is not well-formed text")]
    [InlineData("""{"prompt": "x", "metadata": {"note": ["\ud800"]}}""", "metadata.note[0] is not well-formed text")]
    [InlineData("""{"prompt": "x", "\ud800": 1}""", "The request body has a property name that is not well-formed text")]
    [InlineData("""{"messages": [{"role": "\ud800", "content": "x"}]}""", "messages[0].role is not well-formed text")]
    [InlineData("""{"messages": [{"role": "user", "content": "\udfff"}]}""", "messages[0].content is not well-formed text")]
    [InlineData("""{"messages": [{"role": "user", "content": "x", "name": "\ud800"}]}""", "messages[0].name is not well-formed text")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "text", "text": "\ud800"}]}]}""", "messages[0].content[0].text is not well-formed text")]
    public void ABodyThatIsNotWellFormed_IsRefusedAtOnce(string json, string expected)
    {
        var error = Assert.Throws<ServingException>(() => Read(json, null));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BytesThatAreNotUtf8_AreRefused()
    {
        var body = Encoding.UTF8.GetBytes("""{"prompt": "x", "user": "ab"}""");
        body[^3] = 0xC3; // a lead byte with no continuation: "a\xC3"

        var error = Assert.Throws<ServingException>(() => LlmRequestReader.Read(body, null, "e"));
        Assert.StartsWith("user is not well-formed text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABodyNestedDeeperThanAnyBodyMay_IsRefused()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40));

        var error = Assert.Throws<ServingException>(() => Read($$"""{"prompt": "x", "metadata": {{deep}}}""", null));
        Assert.StartsWith("Malformed JSON", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Names are told apart by their place in the body until an object has more than the scratch holds; then by a set.</summary>
    [Fact]
    public void AnObjectWithManyNames_StillRefusesOneGivenTwice()
    {
        var fields = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"\"f{i}\": {i}"));

        Assert.Equal("x", Read($$"""{"prompt": "x", {{fields}}}""", null).Prompts[0]);
        var error = Assert.Throws<ServingException>(() => Read($$"""{"prompt": "x", {{fields}}, "f3": 0}""", null));
        Assert.Equal("The request body gives the same property twice.", error.Message);
    }
}
