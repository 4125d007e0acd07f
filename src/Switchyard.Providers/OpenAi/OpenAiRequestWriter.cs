using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using static Switchyard.Providers.WireWriter;

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
        if (dialect.BodyModel is { } model && !ExtraSets(extra, "model"))
        {
            writer.WriteString("model"u8, model);
        }

        switch (request.Task)
        {
            case LlmTask.Embeddings:
                if (!ExtraSets(extra, "input"))
                {
                    WriteStrings(writer, "input"u8, request.Inputs);
                }

                WriteExtra(writer, extra);
                writer.WriteEndObject();
                return;
            case LlmTask.Completions when dialect.CompletionsUrl is not null:
                if (!ExtraSets(extra, "prompt"))
                {
                    WritePrompt(writer, request.Prompts);
                }

                break;
            case LlmTask.Completions when !ExtraSets(extra, "messages"):
                // A chat-only provider: each prompt is asked as one user message (only the first: n covers several answers).
                WriteMessages(writer, [new ChatMessage(ChatRoles.User, request.Prompts.Count > 0 ? request.Prompts[0] : "")]);
                break;
            case not LlmTask.Completions when !ExtraSets(extra, "messages"):
                WriteMessages(writer, request.Messages);
                break;
        }

        WriteSampling(writer, dialect, request, extra);
        if (stream)
        {
            if (!ExtraSets(extra, "stream"))
            {
                writer.WriteBoolean("stream"u8, true);
            }

            if (dialect.StreamUsage && !ExtraSets(extra, "stream_options"))
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

        WriteStrings(writer, "prompt"u8, prompts);
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
        // The limit goes under the name the caller used: OpenAI deprecates max_tokens on chat and its
        // reasoning models refuse it, while other compatible servers may know only max_tokens.
        if (request.MaxTokens is { } maxTokens && !ExtraSets(extra, "max_tokens") && !ExtraSets(extra, "max_completion_tokens"))
        {
            var asCompletionTokens = dialect.MaxCompletionTokens && request.MaxTokensAsCompletionTokens && request.Task == LlmTask.Chat;
            writer.WriteNumber(asCompletionTokens ? "max_completion_tokens"u8 : "max_tokens"u8, maxTokens);
        }

        if (request.Temperature is { } temperature && !ExtraSets(extra, "temperature"))
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (request.TopP is { } topP && !ExtraSets(extra, "top_p"))
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (dialect.TopK && request.TopK is { } topK && !ExtraSets(extra, "top_k"))
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (request.N != 1 && !ExtraSets(extra, "n"))
        {
            writer.WriteNumber("n"u8, request.N);
        }

        if (request.Stop.Count > 0 && !ExtraSets(extra, "stop"))
        {
            WriteStrings(writer, "stop"u8, request.Stop);
        }

        if (request.Seed is { } seed && !ExtraSets(extra, "seed"))
        {
            writer.WriteNumber("seed"u8, seed);
        }

        if (request.Tools is { } tools && !ExtraSets(extra, "tools"))
        {
            writer.WritePropertyName("tools"u8);
            tools.WriteTo(writer);
        }

        if (request.ToolChoice is { } toolChoice && !ExtraSets(extra, "tool_choice"))
        {
            writer.WritePropertyName("tool_choice"u8);
            toolChoice.WriteTo(writer);
        }
    }
}
