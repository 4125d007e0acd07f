using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// Translates between our LLM queries and Bedrock's Converse API (<c>/converse</c>, and the
/// events of <c>/converse-stream</c>), which is the same for every model family. A completions
/// prompt goes as one user message. OpenAI tools become <c>toolConfig.tools[].toolSpec</c>;
/// tool calls and results become <c>toolUse</c> and <c>toolResult</c> blocks.
/// </summary>
public static class ConverseWire
{
    private static readonly SamplingFields Sampling = new("maxTokens", "temperature", "topP", null, "stopSequences");

    public const string Provider = "amazon-bedrock";

    /// <summary>
    /// The Converse body of <paramref name="request"/>. <paramref name="family"/> (the config's
    /// <c>bedrock_provider</c>) decides where top-k goes, since Converse has no field of its own for it.
    /// </summary>
    public static JsonObject Body(LlmRequest request, string family = "anthropic")
    {
        if (request.N != 1)
        {
            throw ServingException.Invalid($"Amazon Bedrock answers one choice per query; n={request.N} is not supported.");
        }

        var messages = new JsonArray();
        var system = new JsonArray();
        if (request.Task == LlmTask.Completions)
        {
            foreach (var prompt in request.Prompts)
            {
                messages.Add(Message("user", Text(prompt)));
            }
        }
        else
        {
            foreach (var message in request.Messages)
            {
                switch (message.Role)
                {
                    case ChatRoles.System:
                        system.Add(Text(message.Content ?? ""));
                        break;
                    case ChatRoles.Assistant:
                        messages.Add(AssistantMessage(message));
                        break;
                    case ChatRoles.Tool:
                        messages.Add(Message("user", new JsonObject
                        {
                            ["toolResult"] = new JsonObject
                            {
                                ["toolUseId"] = message.ToolCallId ?? "",
                                ["content"] = new JsonArray(Text(message.Content ?? "")),
                            },
                        }));
                        break;
                    default:
                        messages.Add(Message("user", Text(message.Content ?? "")));
                        break;
                }
            }
        }

        var body = new JsonObject { ["messages"] = messages };
        if (system.Count > 0)
        {
            body["system"] = system;
        }

        var inference = new JsonObject();
        Sampling.CopyTo(inference, request);

        if (inference.Count > 0)
        {
            body["inferenceConfig"] = inference;
        }

        if (request.TopK is { } topK)
        {
            // Each family names top-k in its own native body, which Converse passes on from here.
            var field = family.ToLowerInvariant() switch
            {
                "anthropic" => "top_k",
                "cohere" => "k",
                _ => throw ServingException.Invalid($"top_k is not supported for bedrock_provider '{family}' on Amazon Bedrock."),
            };
            body["additionalModelRequestFields"] = new JsonObject { [field] = topK };
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            body["toolConfig"] = new JsonObject { ["tools"] = ToolSpecs(tools) };
        }

        WireJson.MergeExtra(body, request.ExtraParams);
        return body;
    }

    private static JsonArray ToolSpecs(JsonArray tools)
    {
        var specs = new JsonArray();
        foreach (var tool in tools.OfType<JsonObject>())
        {
            if (tool["function"] is not JsonObject function)
            {
                continue;
            }

            var spec = new JsonObject
            {
                ["name"] = function["name"]?.DeepClone(),
                ["inputSchema"] = new JsonObject { ["json"] = function["parameters"]?.DeepClone() ?? new JsonObject { ["type"] = "object" } },
            };
            if (function["description"] is { } description)
            {
                spec["description"] = description.DeepClone();
            }

            specs.Add(new JsonObject { ["toolSpec"] = spec });
        }

        return specs;
    }

    private static JsonObject AssistantMessage(ChatMessage message)
    {
        var content = new JsonArray();
        if (!string.IsNullOrEmpty(message.Content))
        {
            content.Add(Text(message.Content));
        }

        foreach (var call in (message.ToolCalls ?? []).OfType<JsonObject>())
        {
            content.Add(new JsonObject
            {
                ["toolUse"] = new JsonObject
                {
                    ["toolUseId"] = call["id"]?.GetValue<string>(),
                    ["name"] = call["function"]?["name"]?.GetValue<string>(),
                    ["input"] = WireJson.ParseArguments(call["function"]?["arguments"]?.GetValue<string>()),
                },
            });
        }

        return new JsonObject { ["role"] = "assistant", ["content"] = content };
    }

    private static JsonObject Message(string role, JsonObject block) => new() { ["role"] = role, ["content"] = new JsonArray(block) };

    private static JsonObject Text(string text) => new() { ["text"] = text };

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
    /// own object.
    /// </summary>
    public static LlmChunk? StreamChunk(string eventType, JsonObject payload, string id, string model, long created)
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
                    payload["contentBlockIndex"]?.GetValue<int>() ?? 0);
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
                        ["index"] = payload["contentBlockIndex"]?.GetValue<int>() ?? 0,
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

    /// <summary>Bedrock's stop reasons in the OpenAI words.</summary>
    public static string? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" => "stop",
        "max_tokens" => "length",
        "tool_use" => "tool_calls",
        "guardrail_intervened" or "content_filtered" => "content_filter",
        _ => stopReason,
    };

    private static LlmUsage? Usage(JsonObject? usage) =>
        usage is null
            ? null
            : new LlmUsage(usage["inputTokens"]?.GetValue<int>() ?? 0, usage["outputTokens"]?.GetValue<int>() ?? 0);
}
