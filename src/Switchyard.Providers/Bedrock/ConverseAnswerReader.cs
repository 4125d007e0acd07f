using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using static Switchyard.Providers.AnswerFields;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// Reads Converse answers (<c>/converse</c>) and converse-stream events into the OpenAI shape,
/// straight from the parsed document: text blocks joined, <c>toolUse</c> blocks as OpenAI tool
/// calls, <c>stopReason</c> as a finish reason, and input/output tokens as usage.
/// </summary>
internal static class ConverseAnswerReader
{
    public static LlmResponse Response(JsonElement answer, string model, long created)
    {
        var text = "";
        JsonArray? calls = null;
        if (Member(Member(Member(answer, "output"), "message"), "content") is { ValueKind: JsonValueKind.Array } content)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (String(block, "text") is { } piece)
                {
                    text += piece;
                }
                else if (Member(block, "toolUse") is { ValueKind: JsonValueKind.Object } use)
                {
                    calls ??= [];
                    calls.Add(WireJson.OpenAiToolCall(String(use, "toolUseId") ?? "", String(use, "name") ?? "", Arguments(use, "input"), calls.Count));
                }
            }
        }

        var choice = new LlmChoice(0, text, FinishReason(String(answer, "stopReason")), calls);
        return new LlmResponse("", created, model, [choice], Usage(answer));
    }

    /// <summary>
    /// The chunk one converse-stream event makes, or null for events with nothing for the caller.
    /// <paramref name="eventType"/> is the frame's <c>:event-type</c>; the payload is the event's
    /// own object; <paramref name="tools"/> numbers the stream's tool calls from 0.
    /// </summary>
    public static LlmChunk? StreamChunk(string eventType, JsonElement payload, ConverseToolIndexes tools, string id, string model, long created)
    {
        switch (eventType)
        {
            case "contentBlockStart":
                if (Member(Member(payload, "start"), "toolUse") is not { ValueKind: JsonValueKind.Object } use)
                {
                    return null;
                }

                // The input follows in deltas, so the opening call's arguments start empty.
                var opened = WireJson.OpenAiToolCall(String(use, "toolUseId") ?? "", String(use, "name") ?? "", "", tools.Start(BlockIndex(payload)));
                return new LlmChunk(id, created, model, 0, null, ToolCalls: [opened]);
            case "contentBlockDelta":
                var delta = Member(payload, "delta");
                if (String(delta, "text") is { } text)
                {
                    return new LlmChunk(id, created, model, 0, text);
                }

                if (String(Member(delta, "toolUse"), "input") is { } input)
                {
                    return new LlmChunk(id, created, model, 0, null, ToolCalls: [WireJson.OpenAiArgumentsDelta(tools.Of(BlockIndex(payload)) ?? 0, input)]);
                }

                return null;
            case "messageStop":
                return new LlmChunk(id, created, model, 0, null, FinishReason(String(payload, "stopReason")) ?? "stop");
            case "metadata":
                return Usage(payload) is { } usage ? new LlmChunk(id, created, model, 0, null, Usage: usage) : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Bedrock's stop reasons (StopReason in botocore's bedrock-runtime service-2.json) in the OpenAI
    /// words. <c>malformed_model_output</c> and <c>malformed_tool_use</c> mean the model's output is no
    /// usable answer or tool call: no finish reason says that, so they fail the query, naming the reason.
    /// </summary>
    public static string? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" => "stop",
        "max_tokens" => "length",
        "tool_use" => "tool_calls",
        "guardrail_intervened" or "content_filtered" => "content_filter",
        // The context window filled up before the answer ended: cut short, as with max_tokens.
        "model_context_window_exceeded" => "length",
        "malformed_model_output" or "malformed_tool_use" =>
            throw new ProviderException(ConverseWire.Provider, null, $"Amazon Bedrock ended the answer with stop reason {stopReason}: the model's output could not be read."),
        _ => stopReason,
    };

    private static int BlockIndex(JsonElement payload) => Int(payload, "contentBlockIndex") ?? 0;

    /// <summary>Converse counts tokens in the answer's (or the stream's last event's) <c>usage</c>; without one there is no usage.</summary>
    private static LlmUsage? Usage(JsonElement owner) =>
        Member(owner, "usage") is { ValueKind: JsonValueKind.Object } usage
            ? new LlmUsage(Int(usage, "inputTokens") ?? 0, Int(usage, "outputTokens") ?? 0)
            : null;
}
