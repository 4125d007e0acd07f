using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.OpenAi;

/// <summary>
/// Writes a query in OpenAI's request format (chat completions, completions, embeddings), which
/// Azure OpenAI, Databricks serving endpoints, AI21 and OpenAI-compatible servers share.
/// <c>extra_params</c> go last and win over fields of the same name.
/// </summary>
internal static class OpenAiRequestWriter
{
    public static void Write(Utf8JsonWriter writer, (OpenAiDialect Dialect, LlmRequest Request, bool Stream) state)
    {
        var (dialect, request, stream) = state;
        var extra = request.ExtraParams;
        writer.WriteStartObject();
        if (dialect.BodyModel is { } model && !Has(extra, "model"))
        {
            writer.WriteString("model"u8, model);
        }

        switch (request.Task)
        {
            case LlmTask.Embeddings:
                writer.WriteStartArray("input"u8);
                foreach (var input in request.Inputs)
                {
                    writer.WriteStringValue(input);
                }

                writer.WriteEndArray();
                WriteExtra(writer, extra);
                writer.WriteEndObject();
                return;
            case LlmTask.Completions when dialect.CompletionsUrl is not null:
                WritePrompt(writer, request.Prompts);
                break;
            case LlmTask.Completions:
                // A chat-only provider: each prompt is asked as one user message (only the first: n covers several answers).
                WriteMessages(writer, [new ChatMessage(ChatRoles.User, request.Prompts.Count > 0 ? request.Prompts[0] : "")]);
                break;
            default:
                WriteMessages(writer, request.Messages);
                break;
        }

        WriteSampling(writer, dialect, request, extra);
        if (stream)
        {
            writer.WriteBoolean("stream"u8, true);
            if (dialect.StreamUsage && !Has(extra, "stream_options"))
            {
                writer.WriteStartObject("stream_options"u8);
                writer.WriteBoolean("include_usage"u8, true);
                writer.WriteEndObject();
            }
        }

        WriteExtra(writer, extra);
        writer.WriteEndObject();
    }

    private static void WritePrompt(Utf8JsonWriter writer, IReadOnlyList<string> prompts)
    {
        if (prompts.Count == 1)
        {
            writer.WriteString("prompt"u8, prompts[0]);
            return;
        }

        writer.WriteStartArray("prompt"u8);
        foreach (var prompt in prompts)
        {
            writer.WriteStringValue(prompt);
        }

        writer.WriteEndArray();
    }

    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray("messages"u8);
        foreach (var message in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, message.Role);
            if (message.Content is null)
            {
                writer.WriteNull("content"u8);
            }
            else
            {
                writer.WriteString("content"u8, message.Content);
            }

            if (message.Name is not null)
            {
                writer.WriteString("name"u8, message.Name);
            }

            if (message.ToolCalls is not null)
            {
                writer.WritePropertyName("tool_calls"u8);
                message.ToolCalls.WriteTo(writer);
            }

            if (message.ToolCallId is not null)
            {
                writer.WriteString("tool_call_id"u8, message.ToolCallId);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteSampling(Utf8JsonWriter writer, OpenAiDialect dialect, LlmRequest request, JsonObject? extra)
    {
        if (request.MaxTokens is { } maxTokens && !Has(extra, "max_tokens"))
        {
            writer.WriteNumber("max_tokens"u8, maxTokens);
        }

        if (request.Temperature is { } temperature && !Has(extra, "temperature"))
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (request.TopP is { } topP && !Has(extra, "top_p"))
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (dialect.TopK && request.TopK is { } topK && !Has(extra, "top_k"))
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (request.N != 1 && !Has(extra, "n"))
        {
            writer.WriteNumber("n"u8, request.N);
        }

        if (request.Stop.Count > 0 && !Has(extra, "stop"))
        {
            writer.WriteStartArray("stop"u8);
            foreach (var stop in request.Stop)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        if (request.Seed is { } seed && !Has(extra, "seed"))
        {
            writer.WriteNumber("seed"u8, seed);
        }

        if (request.Tools is { } tools && !Has(extra, "tools"))
        {
            writer.WritePropertyName("tools"u8);
            tools.WriteTo(writer);
        }

        if (request.ToolChoice is { } toolChoice && !Has(extra, "tool_choice"))
        {
            writer.WritePropertyName("tool_choice"u8);
            toolChoice.WriteTo(writer);
        }
    }

    private static void WriteExtra(Utf8JsonWriter writer, JsonObject? extra)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var (name, value) in extra)
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
    }

    private static bool Has(JsonObject? extra, string name) => extra is not null && extra.ContainsKey(name);
}
