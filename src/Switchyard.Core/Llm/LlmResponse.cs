using System.Text.Json.Nodes;

namespace Switchyard.Core.Llm;

/// <summary>Token counts of one query, as the model or provider reported them.</summary>
public sealed record LlmUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>
/// One generated choice: the assistant's text (chat) or the completion text, any tool calls in
/// the OpenAI shape, why generation stopped (<c>stop</c>, <c>length</c>, <c>tool_calls</c>…), and
/// the model's refusal message when it declined (OpenAI's <c>refusal</c>).
/// </summary>
public sealed record LlmChoice(int Index, string? Text, string? FinishReason, JsonArray? ToolCalls = null, string? Refusal = null);

/// <summary>
/// A whole (non-streamed) answer. <see cref="Model"/> is the provider's or engine's model id,
/// not the endpoint name. For embeddings, <see cref="Embeddings"/> holds one vector per input
/// and <see cref="Choices"/> is empty.
/// </summary>
public sealed record LlmResponse(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<LlmChoice> Choices,
    LlmUsage? Usage,
    IReadOnlyList<float[]>? Embeddings = null);

/// <summary>
/// One streamed piece of an answer: new text (or tool-call deltas, or refusal text) for one
/// choice, or its finish reason. <see cref="Usage"/> is set on the chunk that carries the final counts, when
/// the source reports them.
/// </summary>
public sealed record LlmChunk(
    string Id,
    long Created,
    string Model,
    int Index,
    string? Text,
    string? FinishReason = null,
    JsonArray? ToolCalls = null,
    LlmUsage? Usage = null,
    string? Refusal = null);
