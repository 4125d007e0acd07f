using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using static Switchyard.Providers.WireWriter;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// Writes a query as a Converse request body, the same for every model family and for
/// <c>/converse</c> and <c>/converse-stream</c>. A completions prompt goes as one user message.
/// OpenAI tools become <c>toolConfig.tools[].toolSpec</c>; tool calls and results become
/// <c>toolUse</c> and <c>toolResult</c> blocks. <c>extra_params</c> go last and win over fields of
/// the same name.
/// </summary>
internal static class ConverseRequestWriter
{
    // Converse has no top-k of its own: Write puts it in the family's native field.
    private static readonly SamplingFields Sampling = new("maxTokens", "temperature", "topP", null, "stopSequences");

    /// <summary>The highest temperature Converse takes (InferenceConfigurationTemperatureFloat: min 0, max 1).</summary>
    public const double MaxTemperature = 1;

    /// <summary>
    /// <paramref name="state"/>'s <c>Family</c> (the config's <c>bedrock_provider</c>) decides where
    /// top-k goes, since Converse has no field of its own for it. Every refusal is thrown before the
    /// first byte, except a tool call whose arguments are not JSON, found while its turn is written.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, (LlmRequest Request, string Family) state)
    {
        var (request, family) = state;
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

        var prompt = request.Task == LlmTask.Completions ? PromptByPrompt.Single(request, "Amazon Bedrock") : null;
        var topKField = request.TopK is null ? null : TopKField(family);
        var tools = request.Tools is { Count: > 0 } given ? given : null;
        var choice = tools is null ? null : ToolChoice.Read(request.ToolChoice);
        var extra = request.ExtraParams;

        writer.WriteStartObject();
        if (!ExtraSets(extra, "messages"))
        {
            WriteMessages(writer, request, prompt);
        }

        if (prompt is null && !ExtraSets(extra, "system"))
        {
            WriteSystem(writer, request.Messages);
        }

        if (SetsInference(request) && !ExtraSets(extra, "inferenceConfig"))
        {
            writer.WriteStartObject("inferenceConfig"u8);
            Sampling.WriteTo(writer, request);
            writer.WriteEndObject();
        }

        if (request.TopK is { } topK && !ExtraSets(extra, "additionalModelRequestFields"))
        {
            // Each family names top-k in its own native body, which Converse passes on from here.
            writer.WriteStartObject("additionalModelRequestFields"u8);
            writer.WriteNumber(topKField!, topK);
            writer.WriteEndObject();
        }

        // Converse has no "none": the tools are then left out, unless the conversation already holds
        // tool blocks, which Converse accepts only beside a toolConfig.
        if (tools is not null && !(choice?.Mode == ToolChoiceMode.None && !HasToolBlocks(request))
            && !ExtraSets(extra, "toolConfig"))
        {
            WriteToolConfig(writer, tools, choice);
        }

        WriteExtra(writer, extra);
        writer.WriteEndObject();
    }

    private static string TopKField(string family) => family.ToLowerInvariant() switch
    {
        "anthropic" => "top_k",
        "cohere" => "k",
        _ => throw ServingException.Invalid($"top_k is not supported for bedrock_provider '{family}' on Amazon Bedrock."),
    };

    /// <summary>Whether any knob goes in <c>inferenceConfig</c>: an empty one is left out.</summary>
    private static bool SetsInference(LlmRequest request) =>
        request.MaxTokens is not null || request.Temperature is not null || request.TopP is not null || request.Stop.Count > 0;

    /// <summary>
    /// The turns. Converse wants user and assistant turns to alternate, so a message of the role the
    /// last turn has joins that turn: parallel tool results (one OpenAI <c>tool</c> message each) become
    /// one user turn with several <c>toolResult</c> blocks. System messages go to <c>system</c> instead.
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter writer, LlmRequest request, string? prompt)
    {
        writer.WriteStartArray("messages"u8);
        if (prompt is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, "user"u8);
            writer.WriteStartArray("content"u8);
            WriteText(writer, prompt);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            return;
        }

        string? turn = null;
        foreach (var message in request.Messages)
        {
            if (message.Role == ChatRoles.System)
            {
                continue;
            }

            var role = message.Role == ChatRoles.Assistant ? ChatRoles.Assistant : ChatRoles.User;
            if (role != turn)
            {
                if (turn is not null)
                {
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteStartObject();
                writer.WriteString("role"u8, role);
                writer.WriteStartArray("content"u8);
                turn = role;
            }

            switch (message.Role)
            {
                case ChatRoles.Assistant:
                    WriteAssistantBlocks(writer, message);
                    break;
                case ChatRoles.Tool:
                    writer.WriteStartObject();
                    writer.WriteStartObject("toolResult"u8);
                    writer.WriteString("toolUseId"u8, message.ToolCallId ?? "");
                    writer.WriteStartArray("content"u8);
                    WriteText(writer, message.Content ?? "");
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                default:
                    WriteText(writer, message.Content ?? "");
                    break;
            }
        }

        if (turn is not null)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteAssistantBlocks(Utf8JsonWriter writer, ChatMessage message)
    {
        if (!string.IsNullOrEmpty(message.Content))
        {
            WriteText(writer, message.Content);
        }

        foreach (var node in message.ToolCalls ?? [])
        {
            if (node is not JsonObject call)
            {
                continue;
            }

            var id = call["id"]?.GetValue<string>();
            var name = call["function"]?["name"]?.GetValue<string>();
            // OpenAI carries the arguments as a JSON string; Converse wants the object itself.
            var input = WireJson.ParseArguments(call["function"]?["arguments"]?.GetValue<string>());
            writer.WriteStartObject();
            writer.WriteStartObject("toolUse"u8);
            writer.WriteString("toolUseId"u8, id);
            writer.WriteString("name"u8, name);
            writer.WritePropertyName("input"u8);
            input.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    private static void WriteSystem(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        var started = false;
        foreach (var message in messages)
        {
            // SystemContentBlock.text is a NonEmptyString: an empty system prompt says nothing, so it is left out.
            if (message.Role != ChatRoles.System || string.IsNullOrEmpty(message.Content))
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("system"u8);
                started = true;
            }

            WriteText(writer, message.Content);
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static bool HasToolBlocks(LlmRequest request)
    {
        if (request.Task == LlmTask.Completions)
        {
            return false;
        }

        foreach (var message in request.Messages)
        {
            if (message.Role == ChatRoles.Tool
                || (message.Role == ChatRoles.Assistant && (message.ToolCalls ?? []).Any(static c => c is JsonObject)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>toolConfig</c>: the tools and, from OpenAI's <c>tool_choice</c>, Converse's <c>toolChoice</c>.</summary>
    private static void WriteToolConfig(Utf8JsonWriter writer, JsonArray tools, ToolChoice? choice)
    {
        writer.WriteStartObject("toolConfig"u8);
        writer.WriteStartArray("tools"u8);
        foreach (var tool in tools)
        {
            if (tool is not JsonObject || tool["function"] is not JsonObject function)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteStartObject("toolSpec"u8);
            writer.WritePropertyName("name"u8);
            WriteNode(writer, function["name"]);
            writer.WriteStartObject("inputSchema"u8);
            writer.WritePropertyName("json"u8);
            WriteParameterSchema(writer, function["parameters"]);

            writer.WriteEndObject();
            WriteIfPresent(writer, "description"u8, function["description"]);

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteToolChoice(writer, choice);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Converse's <c>toolChoice</c>, one object named by its kind: <c>auto</c>, <c>any</c> for
    /// required, <c>tool</c> with the name for one function. Without a choice (or for none, whose
    /// tools are left out) there is none.
    /// </summary>
    private static void WriteToolChoice(Utf8JsonWriter writer, ToolChoice? choice)
    {
        var kind = choice?.Mode switch
        {
            ToolChoiceMode.Auto => "auto",
            ToolChoiceMode.Required => "any",
            ToolChoiceMode.Function => "tool",
            _ => null,
        };
        if (kind is null)
        {
            return;
        }

        writer.WriteStartObject("toolChoice"u8);
        writer.WriteStartObject(kind);
        if (choice is { Mode: ToolChoiceMode.Function } named)
        {
            writer.WriteString("name"u8, named.Name);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }
}
