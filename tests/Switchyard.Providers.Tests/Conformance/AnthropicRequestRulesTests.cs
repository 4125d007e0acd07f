using System.Text.Json.Nodes;
using Switchyard.Testing.Providers;

namespace Switchyard.Providers.Tests.Conformance;

/// <summary>
/// Each of Anthropic's request rules (written from the official SDK's types) catches the violation it
/// is for, and a conforming request passes.
/// </summary>
public sealed class AnthropicRequestRulesTests
{
    private static JsonObject Body() => JsonNode.Parse("""
        {"model": "claude-3-opus-20240229", "max_tokens": 64, "system": "Be brief.",
         "messages": [
            {"role": "user", "content": "Weather?"},
            {"role": "assistant", "content": [{"type": "text", "text": "Let me check."}, {"type": "tool_use", "id": "t1", "name": "w", "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "sunny"}]}],
         "temperature": 1, "top_p": 0.9, "top_k": 5, "stop_sequences": ["x"], "stream": true,
         "tools": [{"name": "w", "input_schema": {"type": "object"}}], "tool_choice": {"type": "tool", "name": "w"}}
        """)!.AsObject();

    private static StandInRequest Request(params (string Name, string Value)[] headers) =>
        new("POST", "/v1/messages", "", headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), Body(), "");

    [Fact]
    public void ConformingRequest_Passes()
    {
        Assert.Null(AnthropicRequestRules.CheckBody(Body()));
        Assert.Null(AnthropicRequestRules.CheckHeaders(Request(("x-api-key", "k"), ("anthropic-version", "2023-06-01"), ("content-type", "application/json"))));
    }

    [Theory]
    // _client.py: the x-api-key auth header and the anthropic-version header; a JSON body.
    [InlineData(null, "2023-06-01", "application/json", "x-api-key")]
    [InlineData("k", null, "application/json", "anthropic-version")]
    [InlineData("k", "2099-01-01", "application/json", "anthropic-version")]
    [InlineData("k", "2023-06-01", "text/plain", "content-type")]
    public void HeaderViolation_IsCaught(string? key, string? version, string contentType, string named)
    {
        var headers = new List<(string, string)> { ("content-type", contentType) };
        if (key is not null)
        {
            headers.Add(("x-api-key", key));
        }

        if (version is not null)
        {
            headers.Add(("anthropic-version", version));
        }

        var violation = AnthropicRequestRules.CheckHeaders(Request([.. headers]));

        Assert.NotNull(violation);
        Assert.Contains(named, violation, StringComparison.Ordinal);
    }

    [Theory]
    // MessageCreateParamsBase: max_tokens, messages and model Required; no other top-level field.
    [InlineData("""{"max_tokens": null}""", "max_tokens")]
    [InlineData("""{"model": 5}""", "model")]
    [InlineData("""{"messages": null}""", "messages")]
    [InlineData("""{"n": 2}""", "n")]
    [InlineData("""{"stop": ["x"]}""", "stop")]
    // .temperature 0.0 to 1.0; top_k an integer; stop_sequences a list of strings.
    [InlineData("""{"temperature": 1.5}""", "temperature")]
    [InlineData("""{"top_k": 0.5}""", "top_k")]
    [InlineData("""{"stop_sequences": "x"}""", "stop_sequences")]
    // .system: a string or text blocks; MessageParam.role enum, and system text not as a plain turn.
    [InlineData("""{"system": 5}""", "system")]
    [InlineData("""{"messages": [{"role": "tool", "content": "hi"}]}""", "role")]
    [InlineData("""{"messages": [{"role": "system", "content": "Be brief."}]}""", "system")]
    [InlineData("""{"messages": [{"role": "user", "content": "hi", "name": "ana"}]}""", "name")]
    // Content blocks: known types; tool_use input an object; tool_result answers an earlier tool_use.
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "tool_call"}]}]}""", "type")]
    [InlineData("""{"messages": [{"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "w", "input": "{}"}]}]}""", "tool_use")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t9", "content": "x"}]}]}""", "t9")]
    // tool_param.py: input_schema Required, of type object; tool_choice_param.py: the four tags, tool names its tool.
    [InlineData("""{"tools": [{"name": "w", "parameters": {"type": "object"}}]}""", "input_schema")]
    [InlineData("""{"tools": [{"name": "w", "input_schema": {"type": "string"}}]}""", "input_schema.type")]
    [InlineData("""{"tool_choice": {"type": "required"}}""", "tool_choice")]
    [InlineData("""{"tool_choice": {"type": "tool"}}""", "name")]
    public void BodyViolation_IsCaught(string change, string named)
    {
        var body = Body();
        foreach (var (field, value) in JsonNode.Parse(change)!.AsObject())
        {
            body[field] = value?.DeepClone();
        }

        var violation = AnthropicRequestRules.CheckBody(body);

        Assert.NotNull(violation);
        Assert.Contains(named, violation, StringComparison.Ordinal);
    }
}
