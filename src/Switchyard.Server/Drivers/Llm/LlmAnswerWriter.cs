using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// Writes LLM answers in the one schema callers see whatever answered (Databricks' chat,
/// completions and embeddings formats, which are OpenAI's): whole answers as JSON, streamed ones
/// as server-sent events of <c>chat.completion.chunk</c> / <c>text_completion</c> objects. Only
/// <c>data:</c> lines are written, since MLflow's stream reader refuses any other line.
/// </summary>
public static class LlmAnswerWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>The closing event of every stream.</summary>
    public static ReadOnlySpan<byte> DoneEvent => "data: [DONE]\n\n"u8;

    public static void WriteResponse(IBufferWriter<byte> output, LlmTask task, LlmResponse response)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        if (task == LlmTask.Embeddings)
        {
            WriteEmbeddings(json, response);
        }
        else
        {
            WriteHead(json, response.Id, task == LlmTask.Chat ? "chat.completion"u8 : "text_completion"u8, response.Created, response.Model);
            foreach (var choice in response.Choices)
            {
                json.WriteStartObject();
                json.WriteNumber("index"u8, choice.Index);
                if (task == LlmTask.Chat)
                {
                    json.WriteStartObject("message"u8);
                    json.WriteString("role"u8, ChatRoles.Assistant);
                    WriteText(json, "content"u8, choice.Text);
                    WriteRefusalAndToolCalls(json, choice.Refusal, choice.ToolCalls);
                    json.WriteEndObject();
                }
                else
                {
                    WriteCompletionText(json, choice.Text);
                }

                WriteText(json, "finish_reason"u8, choice.FinishReason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteUsage(json, response.Usage, withCompletion: true);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// Writes one chunk as one <c>data:</c> event. <paramref name="firstOfChoice"/> adds the
    /// assistant role to a chat delta, as OpenAI's first chunk of each choice has it.
    /// <paramref name="json"/> is the stream's one writer, pointed at <paramref name="output"/> for
    /// each chunk (a writer per chunk was the largest allocation of a streamed answer).
    /// </summary>
    public static void WriteChunk(IBufferWriter<byte> output, Utf8JsonWriter json, LlmTask task, LlmChunk chunk, bool firstOfChoice)
    {
        output.Write(DataPrefix);
        json.Reset(output);
        json.WriteStartObject();
        WriteHead(json, chunk.Id, task == LlmTask.Chat ? "chat.completion.chunk"u8 : "text_completion"u8, chunk.Created, chunk.Model);
        if (IsUsageOnly(chunk))
        {
            // OpenAI's closing usage chunk (stream_options.include_usage) has no choice.
            json.WriteEndArray();
            WriteUsage(json, chunk.Usage, withCompletion: true);
            json.WriteEndObject();
            json.Flush();
            output.Write(EventEnd);
            return;
        }

        json.WriteStartObject();
        json.WriteNumber("index"u8, chunk.Index);
        if (task == LlmTask.Chat)
        {
            json.WriteStartObject("delta"u8);
            if (firstOfChoice)
            {
                json.WriteString("role"u8, ChatRoles.Assistant);
            }

            if (chunk.Text is not null)
            {
                json.WriteString("content"u8, chunk.Text);
            }

            WriteRefusalAndToolCalls(json, chunk.Refusal, chunk.ToolCalls);
            json.WriteEndObject();
        }
        else
        {
            WriteCompletionText(json, chunk.Text);
        }

        WriteText(json, "finish_reason"u8, chunk.FinishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, chunk.Usage, withCompletion: true);
        json.WriteEndObject();
        json.Flush();

        output.Write(EventEnd);
    }

    /// <summary>
    /// A failure after the stream began: OpenAI's clients raise on a chunk with a top-level
    /// <c>error</c>, and MLflow's surfaces it, so the caller learns the answer is cut short.
    /// </summary>
    public static void WriteErrorEvent(IBufferWriter<byte> output, string errorCode, string message)
    {
        output.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartObject("error"u8);
            json.WriteString("error_code"u8, errorCode);
            json.WriteString("message"u8, message);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.Write(EventEnd);
    }

    private static bool IsUsageOnly(LlmChunk chunk) =>
        chunk is { Usage: not null, Text: null, FinishReason: null, ToolCalls: null, Refusal: null };

    private static void WriteEmbeddings(Utf8JsonWriter json, LlmResponse response)
    {
        json.WriteString("object"u8, "list"u8);
        json.WriteString("model"u8, response.Model);
        json.WriteStartArray("data"u8);
        var vectors = response.Embeddings ?? [];
        for (var i = 0; i < vectors.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("object"u8, "embedding"u8);
            json.WriteNumber("index"u8, i);
            json.WriteStartArray("embedding"u8);
            foreach (var value in vectors[i])
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteUsage(json, response.Usage, withCompletion: false);
    }

    private static void WriteUsage(Utf8JsonWriter json, LlmUsage? usage, bool withCompletion)
    {
        if (usage is null)
        {
            return;
        }

        json.WriteStartObject("usage"u8);
        json.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
        if (withCompletion)
        {
            json.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
        }

        json.WriteNumber("total_tokens"u8, usage.TotalTokens);
        json.WriteEndObject();
    }

    /// <summary>What every chat or completions answer and chunk opens with, through the start of its choices.</summary>
    private static void WriteHead(Utf8JsonWriter json, string id, ReadOnlySpan<byte> objectName, long created, string model)
    {
        json.WriteString("id"u8, id);
        json.WriteString("object"u8, objectName);
        json.WriteNumber("created"u8, created);
        json.WriteString("model"u8, model);
        json.WriteStartArray("choices"u8);
    }

    /// <summary>A refusal and tool calls, each written only when the model gave one, so that other answers keep their shape.</summary>
    private static void WriteRefusalAndToolCalls(Utf8JsonWriter json, string? refusal, JsonArray? calls)
    {
        if (refusal is not null)
        {
            json.WriteString("refusal"u8, refusal);
        }

        if (calls is not null)
        {
            json.WritePropertyName("tool_calls"u8);
            calls.WriteTo(json);
        }
    }

    /// <summary>A completions choice's text (empty when there is none) and its logprobs (null: none are returned).</summary>
    private static void WriteCompletionText(Utf8JsonWriter json, string? text)
    {
        json.WriteString("text"u8, text ?? "");
        json.WriteNull("logprobs"u8);
    }

    private static void WriteText(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? text)
    {
        if (text is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, text);
        }
    }
}
