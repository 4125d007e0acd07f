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

    public const string Provider = BedrockProvider.ProviderName;

    /// <summary>The highest temperature Converse takes (InferenceConfigurationTemperatureFloat: min 0, max 1).</summary>
    public const double MaxTemperature = 1;

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

        if (request.Temperature is > MaxTemperature)
        {
            // Converse's InferenceConfiguration.temperature is 0–1 (botocore bedrock-runtime service-2.json,
            // InferenceConfigurationTemperatureFloat); OpenAI's 0–2 scale has no faithful image above 1.
            throw ServingException.Invalid(
                $"temperature {request.Temperature} is out of range for Amazon Bedrock, which takes 0 to {MaxTemperature}.");
        }

        var messages = new JsonArray();
        var system = new JsonArray();
        if (request.Task == LlmTask.Completions)
        {
            messages.Add(Message("user", Text(PromptByPrompt.Single(request, "Amazon Bedrock"))));
        }
        else
        {
            foreach (var message in request.Messages)
            {
                switch (message.Role)
                {
                    case ChatRoles.System:
                        // SystemContentBlock.text is a NonEmptyString: an empty system prompt says nothing, so it is left out.
                        if (!string.IsNullOrEmpty(message.Content))
                        {
                            system.Add(Text(message.Content));
                        }

                        break;
                    case ChatRoles.Assistant:
                        Append(messages, "assistant", AssistantBlocks(message));
                        break;
                    case ChatRoles.Tool:
                        Append(messages, "user", new JsonArray(new JsonObject
                        {
                            ["toolResult"] = new JsonObject
                            {
                                ["toolUseId"] = message.ToolCallId ?? "",
                                ["content"] = new JsonArray(Text(message.Content ?? "")),
                            },
                        }));
                        break;
                    default:
                        Append(messages, "user", new JsonArray(Text(message.Content ?? "")));
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

        if (ToolConfig(request, messages) is { } toolConfig)
        {
            body["toolConfig"] = toolConfig;
        }

        WireJson.MergeExtra(body, request.ExtraParams);
        return body;
    }

    /// <summary>
    /// <c>toolConfig</c>: the tools and, from OpenAI's <c>tool_choice</c>, Converse's <c>toolChoice</c>
    /// (<c>auto</c>, <c>any</c> for required, <c>tool</c> for one named function). Converse has no
    /// "none": the tools are then left out, unless the conversation already holds tool blocks, which
    /// Converse accepts only beside a <c>toolConfig</c>.
    /// </summary>
    private static JsonObject? ToolConfig(LlmRequest request, JsonArray messages)
    {
        if (request.Tools is not { Count: > 0 } tools)
        {
            return null;
        }

        var choice = ToolChoice.Read(request.ToolChoice);
        if (choice?.Mode == ToolChoiceMode.None && !HasToolBlocks(messages))
        {
            return null;
        }

        var config = new JsonObject { ["tools"] = ToolSpecs(tools) };
        switch (choice?.Mode)
        {
            case ToolChoiceMode.Auto:
                config["toolChoice"] = new JsonObject { ["auto"] = new JsonObject() };
                break;
            case ToolChoiceMode.Required:
                config["toolChoice"] = new JsonObject { ["any"] = new JsonObject() };
                break;
            case ToolChoiceMode.Function:
                config["toolChoice"] = new JsonObject { ["tool"] = new JsonObject { ["name"] = choice.Value.Name } };
                break;
        }

        return config;
    }

    private static bool HasToolBlocks(JsonArray messages)
    {
        foreach (var message in messages)
        {
            foreach (var block in message?["content"] as JsonArray ?? [])
            {
                if (block is JsonObject o && (o.ContainsKey("toolUse") || o.ContainsKey("toolResult")))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Adds <paramref name="blocks"/> as a turn of <paramref name="role"/>, or to the last turn when it
    /// has the same role: Converse wants user and assistant turns to alternate, so parallel tool results
    /// (one OpenAI <c>tool</c> message each) become one user turn with several <c>toolResult</c> blocks.
    /// </summary>
    private static void Append(JsonArray messages, string role, JsonArray blocks)
    {
        if (messages.Count > 0 && messages[^1] is JsonObject last
            && last["role"]?.GetValue<string>() == role && last["content"] is JsonArray content)
        {
            while (blocks.Count > 0)
            {
                var block = blocks[0];
                blocks.RemoveAt(0);
                content.Add(block);
            }

            return;
        }

        messages.Add(new JsonObject { ["role"] = role, ["content"] = blocks });
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

    private static JsonArray AssistantBlocks(ChatMessage message)
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

        return content;
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
