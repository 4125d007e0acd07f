using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.Cohere;

/// <summary>
/// Translates between our LLM queries and Cohere's v2 API: <c>/v2/chat</c> (whole and streamed)
/// and <c>/v2/embed</c>. A completions prompt goes as one user message, since v2 has no
/// completions call of its own.
/// </summary>
public static class CohereWire
{
    private static readonly SamplingFields Sampling = new("max_tokens", "temperature", "p", "k", "stop_sequences");

    public const string Provider = "cohere";

    public static JsonObject ChatBody(LlmRequest request, string model)
    {
        if (request.N != 1)
        {
            throw ServingException.Invalid($"Cohere answers one choice per query; n={request.N} is not supported.");
        }

        var messages = new JsonArray();
        if (request.Task == LlmTask.Completions)
        {
            foreach (var prompt in request.Prompts)
            {
                messages.Add(new JsonObject { ["role"] = "user", ["content"] = prompt });
            }
        }
        else
        {
            foreach (var message in request.Messages)
            {
                messages.Add(Message(message));
            }
        }

        var body = new JsonObject { ["model"] = model, ["messages"] = messages };
        Sampling.CopyTo(body, request);

        if (request.Seed is { } seed)
        {
            body["seed"] = seed;
        }

        if (request.Tools is { } tools)
        {
            // Cohere v2 takes tools in the OpenAI function shape.
            body["tools"] = tools.DeepClone();
        }

        if (request.Stream)
        {
            body["stream"] = true;
        }

        WireJson.MergeExtra(body, request.ExtraParams);
        return body;
    }

    private static JsonObject Message(ChatMessage message)
    {
        var wire = new JsonObject { ["role"] = message.Role };
        if (message.Content is not null)
        {
            wire["content"] = message.Content;
        }

        if (message.ToolCalls is { } calls)
        {
            wire["tool_calls"] = calls.DeepClone();
        }

        if (message.ToolCallId is { } id)
        {
            wire["tool_call_id"] = id;
        }

        return wire;
    }

    public static LlmResponse ChatResponse(JsonObject answer, string model, long created)
    {
        var message = answer["message"] as JsonObject;
        var text = string.Concat(
            (message?["content"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(static part => part["type"]?.GetValue<string>() is null or "text")
                .Select(static part => part["text"]?.GetValue<string>()));
        var toolCalls = message?["tool_calls"] is JsonArray { Count: > 0 } calls ? (JsonArray)calls.DeepClone() : null;
        var choice = new LlmChoice(0, text, FinishReason(answer["finish_reason"]?.GetValue<string>()), toolCalls);
        return new LlmResponse(
            answer["id"]?.GetValue<string>() ?? "",
            created,
            model,
            [choice],
            Usage(answer["usage"] as JsonObject));
    }

    /// <summary>
    /// The chunk one streamed event makes, or null for events that carry nothing for the caller
    /// (message-start, content-start/end, tool-plan).
    /// </summary>
    public static LlmChunk? StreamChunk(JsonObject streamEvent, string id, string model, long created)
    {
        var delta = streamEvent["delta"] as JsonObject;
        switch (streamEvent["type"]?.GetValue<string>())
        {
            case "content-delta":
                var text = delta?["message"]?["content"]?["text"]?.GetValue<string>();
                return text is null ? null : new LlmChunk(id, created, model, 0, text);
            case "tool-call-start" or "tool-call-delta":
                var call = delta?["message"]?["tool_calls"] as JsonObject;
                if (call is null)
                {
                    return null;
                }

                var openAiCall = (JsonObject)call.DeepClone();
                openAiCall["index"] = streamEvent["index"]?.GetValue<int>() ?? 0;
                return new LlmChunk(id, created, model, 0, null, ToolCalls: [openAiCall]);
            case "message-end":
                return new LlmChunk(
                    id,
                    created,
                    model,
                    0,
                    null,
                    FinishReason(delta?["finish_reason"]?.GetValue<string>()) ?? "stop",
                    Usage: Usage(delta?["usage"] as JsonObject));
            default:
                return null;
        }
    }

    public static JsonObject EmbedBody(LlmRequest request, string model)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["texts"] = WireJson.Strings(request.Inputs),
            ["input_type"] = "search_document",
            ["embedding_types"] = new JsonArray("float"),
        };
        WireJson.MergeExtra(body, request.ExtraParams);
        return body;
    }

    public static LlmResponse EmbedResponse(JsonObject answer, string model, long created)
    {
        var vectors = answer["embeddings"]?["float"] as JsonArray
            ?? throw new ProviderException(Provider, 200, "Cohere's embed answer has no embeddings.float.");
        var inputTokens = answer["meta"]?["billed_units"]?["input_tokens"]?.GetValue<int>() ?? 0;
        return new LlmResponse(
            answer["id"]?.GetValue<string>() ?? "",
            created,
            model,
            [],
            new LlmUsage(inputTokens, 0),
            [.. vectors.Select(static v => WireJson.Floats(v as JsonArray))]);
    }

    /// <summary>Cohere's finish reasons in the OpenAI words.</summary>
    public static string? FinishReason(string? cohere) => cohere switch
    {
        null => null,
        "COMPLETE" or "STOP_SEQUENCE" => "stop",
        "MAX_TOKENS" => "length",
        "TOOL_CALL" => "tool_calls",
        _ => cohere.ToLowerInvariant(),
    };

    /// <summary>Token counts from <c>usage.tokens</c>, else <c>usage.billed_units</c>.</summary>
    private static LlmUsage? Usage(JsonObject? usage)
    {
        var counts = usage?["tokens"] as JsonObject ?? usage?["billed_units"] as JsonObject;
        if (counts is null)
        {
            return null;
        }

        return new LlmUsage(Count(counts["input_tokens"]), Count(counts["output_tokens"]));
    }

    // Cohere sends counts as numbers that may be written with a fraction (billed units).
    private static int Count(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? (int)value.GetValue<double>() : 0;
}
