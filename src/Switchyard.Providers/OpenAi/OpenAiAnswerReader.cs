using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;
using static Switchyard.Providers.AnswerFields;

namespace Switchyard.Providers.OpenAi;

/// <summary>Reads answers in OpenAI's format: whole chat or completion answers, embeddings, and streamed chunks.</summary>
internal static class OpenAiAnswerReader
{
    public static LlmResponse ReadAnswer(JsonElement root, string fallbackModel)
    {
        var choices = new List<LlmChoice>();
        if (root.TryGetProperty("choices", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in items.EnumerateArray())
            {
                var index = Int(choice, "index") ?? choices.Count;
                string? text;
                string? refusal = null;
                JsonArray? toolCalls = null;
                if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
                {
                    text = String(message, "content");
                    refusal = String(message, "refusal");
                    toolCalls = Array(message, "tool_calls");
                }
                else
                {
                    text = String(choice, "text");
                }

                choices.Add(new LlmChoice(index, text, String(choice, "finish_reason"), toolCalls, refusal));
            }
        }

        return new LlmResponse(IdOf(root), CreatedOf(root), String(root, "model") ?? fallbackModel, choices, UsageOf(root));
    }

    public static LlmResponse ReadEmbeddings(JsonElement root, string fallbackModel, int inputs)
    {
        var vectors = new float[inputs][];
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            var position = 0;
            foreach (var item in data.EnumerateArray())
            {
                var index = Int(item, "index") ?? position;
                position++;
                if ((uint)index >= (uint)vectors.Length || !item.TryGetProperty("embedding", out var embedding) || embedding.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var vector = new float[embedding.GetArrayLength()];
                var i = 0;
                foreach (var value in embedding.EnumerateArray())
                {
                    vector[i++] = value.GetSingle();
                }

                vectors[index] = vector;
            }
        }

        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] ??= [];
        }

        return new LlmResponse(IdOf(root), CreatedOf(root), String(root, "model") ?? fallbackModel, [], UsageOf(root), vectors);
    }

    /// <summary>The chunks of one streamed event: one per choice it carries, or one carrying only the usage.</summary>
    public static void ReadChunk(ProviderCall call, ReadOnlyMemory<byte> data, string fallbackModel, List<LlmChunk> into)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out _))
        {
            // OpenAI and vLLM report a failure after the stream started as an event with an error body.
            throw new ProviderException(call.Provider, null,
                ProviderErrors.Scrub(ProviderErrors.MessageOf(data.Span) ?? "the stream failed", call.Secrets));
        }

        var id = IdOf(root);
        var created = CreatedOf(root);
        var model = String(root, "model") ?? fallbackModel;
        var usage = UsageOf(root);
        var before = into.Count;
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                var index = Int(choice, "index") ?? 0;
                string? text;
                string? refusal = null;
                JsonArray? toolCalls = null;
                if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                {
                    text = String(delta, "content");
                    refusal = String(delta, "refusal");
                    toolCalls = Array(delta, "tool_calls");
                }
                else
                {
                    text = String(choice, "text");
                }

                into.Add(new LlmChunk(id, created, model, index, text, String(choice, "finish_reason"), toolCalls, Refusal: refusal));
            }
        }

        if (usage is not null)
        {
            // OpenAI sends usage on a last chunk with no choices; others put it beside the final choice.
            if (into.Count > before)
            {
                into[^1] = into[^1] with { Usage = usage };
            }
            else
            {
                into.Add(new LlmChunk(id, created, model, 0, null, Usage: usage));
            }
        }
    }

    public static LlmUsage? UsageOf(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new LlmUsage(Int(usage, "prompt_tokens") ?? 0, Int(usage, "completion_tokens") ?? 0)
            : null;

    private static string IdOf(JsonElement root) => String(root, "id") ?? $"chatcmpl-{Guid.NewGuid():N}";

    private static long CreatedOf(JsonElement root) =>
        root.TryGetProperty("created", out var created) && created.TryGetInt64(out var seconds) ? seconds : DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static JsonArray? Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? JsonArray.Create(value.Clone()) : null;
}
