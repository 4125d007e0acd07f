using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// Reads Bedrock's Converse answers (<c>/converse</c>, and the events of <c>/converse-stream</c>),
/// which are the same for every model family, as ours: <c>toolUse</c> blocks become OpenAI tool
/// calls. <see cref="ConverseRequestWriter"/> writes the requests.
/// </summary>
public static class ConverseWire
{
    public const string Provider = BedrockProvider.ProviderName;

    public static LlmResponse Response(JsonObject answer, string model, long created)
    {
        var text = "";
        JsonArray? calls = null;
        foreach (var block in (answer["output"]?["message"]?["content"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (block["text"]?.GetValue<string>() is { } piece)
            {
                text += piece;
            }
            else if (block["toolUse"] is JsonObject use)
            {
                calls ??= [];
                calls.Add(WireJson.OpenAiToolCall(
                    use["toolUseId"]?.GetValue<string>() ?? "",
                    use["name"]?.GetValue<string>() ?? "",
                    use["input"],
                    calls.Count));
            }
        }

        var choice = new LlmChoice(0, text, FinishReason(answer["stopReason"]?.GetValue<string>()), calls);
        return new LlmResponse("", created, model, [choice], Usage(answer["usage"] as JsonObject));
    }

    /// <summary>
    /// The chunk one converse-stream event makes, or null for events with nothing for the caller.
    /// <paramref name="eventType"/> is the frame's <c>:event-type</c>; the payload is the event's
    /// own object; <paramref name="tools"/> numbers the stream's tool calls from 0.
    /// </summary>
    public static LlmChunk? StreamChunk(string eventType, JsonObject payload, ConverseToolIndexes tools, string id, string model, long created)
    {
        switch (eventType)
        {
            case "contentBlockStart":
                if (payload["start"] is not JsonObject start || start["toolUse"] is not JsonObject use)
                {
                    return null;
                }

                var startCall = WireJson.OpenAiToolCall(
                    use["toolUseId"]?.GetValue<string>() ?? "",
                    use["name"]?.GetValue<string>() ?? "",
                    null,
                    tools.Start(payload["contentBlockIndex"]?.GetValue<int>() ?? 0));
                startCall["function"]!["arguments"] = "";
                return new LlmChunk(id, created, model, 0, null, ToolCalls: [startCall]);
            case "contentBlockDelta":
                var delta = payload["delta"];
                if (delta?["text"]?.GetValue<string>() is { } text)
                {
                    return new LlmChunk(id, created, model, 0, text);
                }

                if (delta?["toolUse"]?["input"]?.GetValue<string>() is { } input)
                {
                    var argumentDelta = new JsonObject
                    {
                        ["index"] = tools.Of(payload["contentBlockIndex"]?.GetValue<int>() ?? 0) ?? 0,
                        ["function"] = new JsonObject { ["arguments"] = input },
                    };
                    return new LlmChunk(id, created, model, 0, null, ToolCalls: [argumentDelta]);
                }

                return null;
            case "messageStop":
                return new LlmChunk(id, created, model, 0, null, FinishReason(payload["stopReason"]?.GetValue<string>()) ?? "stop");
            case "metadata":
                var usage = Usage(payload["usage"] as JsonObject);
                return usage is null ? null : new LlmChunk(id, created, model, 0, null, Usage: usage);
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
            throw new ProviderException(Provider, null, $"Amazon Bedrock ended the answer with stop reason {stopReason}: the model's output could not be read."),
        _ => stopReason,
    };

    private static LlmUsage? Usage(JsonObject? usage) =>
        usage is null
            ? null
            : new LlmUsage(usage["inputTokens"]?.GetValue<int>() ?? 0, usage["outputTokens"]?.GetValue<int>() ?? 0);
}
