using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Server.Drivers.Llm;

namespace Switchyard.Server.Tests.Drivers.Llm;

public sealed class LlmAnswerWriterTests
{
    [Fact]
    public void WriteResponse_Chat_HasTheChatCompletionShape()
    {
        var answer = Write(LlmTask.Chat, new LlmResponse("id-1", 1700000000, "gpt-4",
            [new LlmChoice(0, "Hi!", "stop")], new LlmUsage(9, 3)));

        Assert.Equal("chat.completion", answer["object"]!.GetValue<string>());
        Assert.Equal("gpt-4", answer["model"]!.GetValue<string>());
        var choice = answer["choices"]![0]!;
        Assert.Equal("assistant", choice["message"]!["role"]!.GetValue<string>());
        Assert.Equal("Hi!", choice["message"]!["content"]!.GetValue<string>());
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
        Assert.Equal(12, answer["usage"]!["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void WriteResponse_ChatWithToolCalls_KeepsThemAndANullContent()
    {
        var calls = JsonNode.Parse("""[{"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}]""")!.AsArray();
        var answer = Write(LlmTask.Chat, new LlmResponse("id", 1, "m", [new LlmChoice(0, null, "tool_calls", calls)], null));

        var message = answer["choices"]![0]!["message"]!.AsObject();
        Assert.True(message.TryGetPropertyValue("content", out var content));
        Assert.Null(content);
        Assert.Equal("c1", message["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Null(answer["usage"]);
    }

    [Fact]
    public void WriteResponse_Completions_HasText()
    {
        var answer = Write(LlmTask.Completions, new LlmResponse("id", 1, "m", [new LlmChoice(0, " there", "length")], new LlmUsage(2, 1)));

        Assert.Equal("text_completion", answer["object"]!.GetValue<string>());
        Assert.Equal(" there", answer["choices"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void WriteResponse_Embeddings_IsAListWithoutCompletionTokens()
    {
        var answer = Write(LlmTask.Embeddings, new LlmResponse("id", 1, "e", [], new LlmUsage(4, 0), [[0.5f, -1f], [2f, 0f]]));

        Assert.Equal("list", answer["object"]!.GetValue<string>());
        Assert.Equal(1, answer["data"]![1]!["index"]!.GetValue<int>());
        Assert.Equal(-1f, answer["data"]![0]!["embedding"]![1]!.GetValue<float>());
        Assert.Null(answer["usage"]!["completion_tokens"]);
        Assert.Equal(4, answer["usage"]!["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void WriteChunk_IsOneDataEventAndTheFirstOfAChoiceCarriesTheRole()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        LlmAnswerWriter.WriteChunk(buffer, json, LlmTask.Chat, new LlmChunk("id", 1, "m", 0, "He"), firstOfChoice: true);
        LlmAnswerWriter.WriteChunk(buffer, json, LlmTask.Chat, new LlmChunk("id", 1, "m", 0, "y", "stop", Usage: new LlmUsage(3, 2)), firstOfChoice: false);

        var events = Encoding.UTF8.GetString(buffer.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, events.Length);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        var first = JsonNode.Parse(events[0]["data: ".Length..])!;
        var last = JsonNode.Parse(events[1]["data: ".Length..])!;
        Assert.Equal("chat.completion.chunk", first["object"]!.GetValue<string>());
        Assert.Equal("assistant", first["choices"]![0]!["delta"]!["role"]!.GetValue<string>());
        Assert.Null(last["choices"]![0]!["delta"]!["role"]);
        Assert.Equal("stop", last["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(5, last["usage"]!["total_tokens"]!.GetValue<int>());
    }

    private static JsonNode Write(LlmTask task, LlmResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        LlmAnswerWriter.WriteResponse(buffer, task, response);
        return JsonNode.Parse(buffer.WrittenSpan)!;
    }
}
