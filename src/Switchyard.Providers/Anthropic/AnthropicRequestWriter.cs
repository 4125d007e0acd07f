using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using static Switchyard.Providers.WireWriter;

namespace Switchyard.Providers.Anthropic;

/// <summary>
/// Writes a chat query as an Anthropic Messages API request: system messages lifted to
/// <c>system</c>, assistant tool calls as <c>tool_use</c> blocks, tool answers as
/// <c>tool_result</c> blocks of one user turn, OpenAI tools as Anthropic tools, and
/// <c>max_tokens</c> (which Anthropic requires) defaulted when absent.
/// </summary>
internal static class AnthropicRequestWriter
{
    /// <summary>
    /// Anthropic requires max_tokens and has no default of its own; 4096 fits every current
    /// Claude model's output limit, so a query without one is not cut short needlessly.
    /// </summary>
    public const int DefaultMaxTokens = 4096;

    public static void Write(Utf8JsonWriter writer, (string Model, LlmRequest Request, bool Stream) state)
    {
        var (model, request, stream) = state;
        var extra = request.ExtraParams;
        writer.WriteStartObject();
        if (!ExtraSets(extra, "model"))
        {
            writer.WriteString("model"u8, model);
        }

        if (!ExtraSets(extra, "max_tokens"))
        {
            writer.WriteNumber("max_tokens"u8, request.MaxTokens ?? DefaultMaxTokens);
        }

        IReadOnlyList<ChatMessage> messages = request.Task == LlmTask.Completions
            ? [new ChatMessage(ChatRoles.User, request.Prompts.Count > 0 ? request.Prompts[0] : "")]
            : request.Messages;
        if (!ExtraSets(extra, "system"))
        {
            WriteSystem(writer, messages);
        }

        if (!ExtraSets(extra, "messages"))
        {
            WriteMessages(writer, messages);
        }

        if (request.Stop.Count > 0 && !ExtraSets(extra, "stop_sequences"))
        {
            WriteStrings(writer, "stop_sequences"u8, request.Stop);
        }

        if (request.Temperature is { } temperature && !ExtraSets(extra, "temperature"))
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (request.TopP is { } topP && !ExtraSets(extra, "top_p"))
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (request.TopK is { } topK && !ExtraSets(extra, "top_k"))
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (request.Tools is { Count: > 0 } tools && !ExtraSets(extra, "tools"))
        {
            WriteTools(writer, tools);
        }

        if (request.ToolChoice is { } toolChoice && !ExtraSets(extra, "tool_choice"))
        {
            WriteToolChoice(writer, toolChoice);
        }

        if (stream && !ExtraSets(extra, "stream"))
        {
            writer.WriteBoolean("stream"u8, true);
        }

        WriteExtra(writer, extra);
        writer.WriteEndObject();
    }

    private static void WriteSystem(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        string? system = null;
        foreach (var message in messages)
        {
            if (message.Role == ChatRoles.System && message.Content is { } content)
            {
                system = system is null ? content : $"{system}\n\n{content}";
            }
        }

        if (system is not null)
        {
            writer.WriteString("system"u8, system);
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray("messages"u8);
        // Consecutive tool answers belong in one user turn, as Anthropic wants every tool_result right after its tool_use.
        var inToolResults = false;
        foreach (var message in messages)
        {
            if (message.Role == ChatRoles.System)
            {
                continue;
            }

            if (message.Role == ChatRoles.Tool)
            {
                if (!inToolResults)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role"u8, ChatRoles.User);
                    writer.WriteStartArray("content"u8);
                    inToolResults = true;
                }

                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_result"u8);
                writer.WriteString("tool_use_id"u8, message.ToolCallId ?? "");
                writer.WriteString("content"u8, message.Content ?? "");
                writer.WriteEndObject();
                continue;
            }

            if (inToolResults)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                inToolResults = false;
            }

            writer.WriteStartObject();
            writer.WriteString("role"u8, message.Role == ChatRoles.Assistant ? ChatRoles.Assistant : ChatRoles.User);
            if (message.ToolCalls is { Count: > 0 } calls)
            {
                writer.WriteStartArray("content"u8);
                if (!string.IsNullOrEmpty(message.Content))
                {
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, message.Content);
                    writer.WriteEndObject();
                }

                foreach (var call in calls)
                {
                    WriteToolUse(writer, call);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("content"u8, message.Content ?? "");
            }

            writer.WriteEndObject();
        }

        if (inToolResults)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteToolUse(Utf8JsonWriter writer, JsonNode? call)
    {
        var function = call?["function"];
        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_use"u8);
        writer.WriteString("id"u8, Text(call?["id"]) ?? "");
        writer.WriteString("name"u8, Text(function?["name"]) ?? "");
        writer.WritePropertyName("input"u8);
        // OpenAI carries the arguments as a JSON string; Anthropic wants the object itself.
        var arguments = Text(function?["arguments"]);
        if (string.IsNullOrWhiteSpace(arguments))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            try
            {
                using var parsed = JsonDocument.Parse(arguments);
                parsed.RootElement.WriteTo(writer);
            }
            catch (JsonException)
            {
                throw new ServingException(ErrorCode.InvalidParameterValue,
                    $"Tool call '{Text(call?["id"])}' has arguments that are not JSON; Anthropic needs them as a JSON object.");
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, JsonArray tools)
    {
        writer.WriteStartArray("tools"u8);
        foreach (var tool in tools)
        {
            var function = tool?["function"] ?? tool;
            writer.WriteStartObject();
            writer.WriteString("name"u8, Text(function?["name"]) ?? "");
            if (Text(function?["description"]) is { } description)
            {
                writer.WriteString("description"u8, description);
            }

            writer.WritePropertyName("input_schema"u8);
            WriteParameterSchema(writer, function?["parameters"] as JsonObject);

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // OpenAI's "auto" / "required" / "none" / {"type":"function","function":{"name":…}} in Anthropic's words.
    private static void WriteToolChoice(Utf8JsonWriter writer, JsonNode choice)
    {
        writer.WriteStartObject("tool_choice"u8);
        var name = choice is JsonObject named ? Text(named["function"]?["name"]) : null;
        var kind = Text(choice) switch
        {
            "required" => "any",
            "none" => "none",
            "auto" => "auto",
            _ when name is not null => "tool",
            _ => "auto",
        };
        writer.WriteString("type"u8, kind);
        if (kind == "tool")
        {
            writer.WriteString("name"u8, name);
        }

        writer.WriteEndObject();
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

}
