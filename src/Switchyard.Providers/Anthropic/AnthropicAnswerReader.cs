using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using static Switchyard.Providers.AnswerFields;

namespace Switchyard.Providers.Anthropic;

/// <summary>
/// Reads Anthropic Messages API answers into the OpenAI shape: text blocks joined, <c>tool_use</c>
/// blocks as OpenAI tool calls, <c>stop_reason</c> as a finish reason, and input/output tokens as usage.
/// </summary>
internal static class AnthropicAnswerReader
{
    public static LlmResponse ReadAnswer(JsonElement root, string fallbackModel, int index)
    {
        string? text = null;
        JsonArray? toolCalls = null;
        if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                switch (String(block, "type"))
                {
                    case "text":
                        text = text is null ? String(block, "text") : text + String(block, "text");
                        break;
                    case "tool_use":
                        toolCalls ??= [];
                        toolCalls.Add(WireJson.OpenAiToolCall(String(block, "id"), String(block, "name"),
                            block.TryGetProperty("input", out var input) ? input.GetRawText() : "{}"));
                        break;
                }
            }
        }

        var choice = new LlmChoice(index, text, FinishReasonOf(String(root, "stop_reason")), toolCalls);
        return new LlmResponse(String(root, "id") ?? $"msg-{Guid.NewGuid():N}", DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            String(root, "model") ?? fallbackModel, [choice], UsageOf(root));
    }

    /// <summary>
    /// The usage of an answer. Anthropic counts cached prompt tokens apart from <c>input_tokens</c>
    /// (<c>cache_creation_input_tokens</c>, <c>cache_read_input_tokens</c>); OpenAI's
    /// <c>prompt_tokens</c> counts every prompt token, so the three are added.
    /// </summary>
    public static LlmUsage? UsageOf(JsonElement message) =>
        message.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new LlmUsage(PromptTokensOf(usage), Int(usage, "output_tokens") ?? 0)
            : null;

    /// <summary>Every prompt token of a usage object: uncached, written to the cache, and read from it.</summary>
    public static int PromptTokensOf(JsonElement usage) =>
        (Int(usage, "input_tokens") ?? 0) + (Int(usage, "cache_creation_input_tokens") ?? 0) + (Int(usage, "cache_read_input_tokens") ?? 0);

    /// <summary>
    /// Anthropic's stop reasons in OpenAI's words. <c>pause_turn</c> (a server tool paused a long
    /// turn, which the caller continues by sending it back) has no OpenAI word and is not a finished
    /// answer, so it is passed on as it is rather than called <c>stop</c>.
    /// </summary>
    public static string? FinishReasonOf(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" => "stop",
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        "pause_turn" => "pause_turn",
        _ => "stop",
    };
}
