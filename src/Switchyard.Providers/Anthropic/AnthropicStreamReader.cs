using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Anthropic;

/// <summary>
/// Follows one Anthropic Messages stream and turns its events into OpenAI-shaped chunks:
/// <c>message_start</c> gives the id, model and input tokens; <c>content_block_start</c> of a
/// <c>tool_use</c> opens a tool call; <c>content_block_delta</c> carries text or tool-input JSON;
/// <c>message_delta</c> the stop reason and output tokens; <c>message_stop</c> ends; an
/// <c>error</c> event fails the stream.
/// </summary>
internal sealed class AnthropicStreamReader(ProviderCall call, string model)
{
    private string _id = $"msg-{Guid.NewGuid():N}";
    private string _model = model;
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private int _inputTokens;
    private int _cacheCreationTokens;
    private int _cacheReadTokens;
    private int _toolCalls;
    private readonly Dictionary<int, int> _toolCallOfBlock = [];

    public bool Finished { get; private set; }

    /// <summary>The chunk for one event, or null when the event carries nothing for the caller (ping, block stop).</summary>
    public LlmChunk? Read(SseEvent item)
    {
        using var document = JsonDocument.Parse(item.Data);
        var root = document.RootElement;
        var type = AnswerFields.String(root, "type") ?? item.Name;
        switch (type)
        {
            case "message_start" when root.TryGetProperty("message", out var message):
                _id = AnswerFields.String(message, "id") ?? _id;
                _model = AnswerFields.String(message, "model") ?? _model;
                if (message.TryGetProperty("usage", out var startUsage) && startUsage.ValueKind == JsonValueKind.Object)
                {
                    ReadPromptTokens(startUsage);
                }

                return null;
            case "content_block_start" when root.TryGetProperty("content_block", out var block):
                if (AnswerFields.String(block, "type") != "tool_use")
                {
                    return null;
                }

                var call = _toolCalls++;
                _toolCallOfBlock[AnswerFields.Int(root, "index") ?? -1] = call;
                return Chunk(null, null, [WireJson.OpenAiToolCall(AnswerFields.String(block, "id"), AnswerFields.String(block, "name"), "", call)]);
            case "content_block_delta" when root.TryGetProperty("delta", out var delta):
                return AnswerFields.String(delta, "type") switch
                {
                    "text_delta" => Chunk(AnswerFields.String(delta, "text"), null, null),
                    "input_json_delta" when _toolCallOfBlock.TryGetValue(AnswerFields.Int(root, "index") ?? -1, out var index) =>
                        Chunk(null, null, [WireJson.OpenAiArgumentsDelta(index, AnswerFields.String(delta, "partial_json") ?? "")]),
                    _ => null,
                };
            case "message_delta":
                var stopReason = root.TryGetProperty("delta", out var messageDelta) ? AnswerFields.String(messageDelta, "stop_reason") : null;
                var output = 0;
                if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    // message_delta's counts are cumulative and may restate the prompt's.
                    ReadPromptTokens(usage);
                    output = AnswerFields.Int(usage, "output_tokens") ?? 0;
                }

                return Chunk(null, AnthropicAnswerReader.FinishReasonOf(stopReason) ?? "stop", null) with
                {
                    Usage = new LlmUsage(_inputTokens + _cacheCreationTokens + _cacheReadTokens, output),
                };
            case "message_stop":
                Finished = true;
                return null;
            case "error":
                throw ErrorOf(root);
            default:
                return null;
        }
    }

    // Each count is kept from the latest event that states it (message_delta's are cumulative).
    private void ReadPromptTokens(JsonElement usage)
    {
        _inputTokens = AnswerFields.Int(usage, "input_tokens") ?? _inputTokens;
        _cacheCreationTokens = AnswerFields.Int(usage, "cache_creation_input_tokens") ?? _cacheCreationTokens;
        _cacheReadTokens = AnswerFields.Int(usage, "cache_read_input_tokens") ?? _cacheReadTokens;
    }

    private LlmChunk Chunk(string? text, string? finishReason, JsonArray? toolCalls) =>
        new(_id, _created, _model, 0, text, finishReason, toolCalls);

    // An error inside a 200 stream: the error's type stands for the status it would have had.
    private ProviderException ErrorOf(JsonElement root)
    {
        var error = root.TryGetProperty("error", out var inner) ? inner : root;
        var message = AnswerFields.String(error, "message") ?? "the stream failed";
        var type = AnswerFields.String(error, "type");
        int? status = type switch
        {
            "overloaded_error" => 529,
            "rate_limit_error" => 429,
            "api_error" => 500,
            "invalid_request_error" => 400,
            "authentication_error" => 401,
            "permission_error" => 403,
            "not_found_error" => 404,
            "request_too_large" => 413,
            "billing_error" => 402,
            "timeout_error" => 504,
            _ => null,
        };
        return new ProviderException(call.Provider, status, ProviderErrors.Scrub(message, call.Secrets), timedOut: type == "timeout_error");
    }
}
