using System.Text.Json.Nodes;

namespace Switchyard.Core.Llm;

/// <summary>
/// One validated LLM query, whatever route it came by (an endpoint's invocations or the
/// OpenAI-compatible surface). Exactly one of <see cref="Messages"/> (chat), <see cref="Prompts"/>
/// (completions) and <see cref="Inputs"/> (embeddings) is filled, as <see cref="Task"/> says.
/// </summary>
public sealed record LlmRequest
{
    public required LlmTask Task { get; init; }

    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];

    public IReadOnlyList<string> Prompts { get; init; } = [];

    public IReadOnlyList<string> Inputs { get; init; } = [];

    public int? MaxTokens { get; init; }

    /// <summary>
    /// True when the caller named the limit <c>max_completion_tokens</c> (OpenAI's current name;
    /// <c>max_tokens</c> is deprecated there and refused by its reasoning models), so that an
    /// OpenAI-compatible provider is sent the name the caller chose.
    /// </summary>
    public bool MaxTokensAsCompletionTokens { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public int? TopK { get; init; }

    /// <summary>How many choices to generate (1–5).</summary>
    public int N { get; init; } = 1;

    public IReadOnlyList<string> Stop { get; init; } = [];

    public bool Stream { get; init; }

    public long? Seed { get; init; }

    /// <summary>OpenAI <c>tools</c>, as sent.</summary>
    public JsonArray? Tools { get; init; }

    /// <summary>OpenAI <c>tool_choice</c>, as sent.</summary>
    public JsonNode? ToolChoice { get; init; }

    /// <summary>Databricks <c>extra_params</c>: merged into the provider's request body.</summary>
    public JsonObject? ExtraParams { get; init; }

    /// <summary>
    /// The query's top-level <c>input_type</c>, as sent, for the embedding providers that take one
    /// (Cohere's, direct or on Bedrock); null when absent.
    /// </summary>
    public JsonNode? InputType { get; init; }
}
