using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.Cohere;

/// <summary>
/// Reads Cohere's v2 answers as ours (<c>/v2/chat</c>, whole and streamed, and <c>/v2/embed</c>),
/// and picks the embed <c>input_type</c>, which Cohere's models on Bedrock take too. The requests
/// are written by <see cref="CohereRequestWriter"/>.
/// </summary>
public static class CohereWire
{
    public const string Provider = CohereProvider.ProviderName;

    /// <summary>The embed <c>input_type</c>s (EmbedInputType); <c>search_document</c> unless the query names another.</summary>
    private static readonly string[] InputTypes = ["search_document", "search_query", "classification", "clustering"];

    public static LlmResponse ChatResponse(JsonObject answer, string model, long created)
    {
        var message = answer["message"] as JsonObject;
        var text = string.Concat(
            (message?["content"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(static part => part["type"]?.GetValue<string>() is null or "text")
                .Select(static part => part["text"]?.GetValue<string>()));
        var toolCalls = message?["tool_calls"] is JsonArray { Count: > 0 } calls ? (JsonArray)calls.DeepClone() : null;
        var choice = new LlmChoice(0, text, FinishReason(answer["finish_reason"]?.GetValue<string>(), null), toolCalls);
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
                    FinishReason(delta?["finish_reason"]?.GetValue<string>(), delta?["error"]?.GetValue<string>()) ?? "stop",
                    Usage: Usage(delta?["usage"] as JsonObject));
            default:
                return null;
        }
    }

    public static LlmResponse EmbedResponse(JsonObject answer, string model, long created)
    {
        var vectors = answer["embeddings"]?["float"] as JsonArray
            ?? throw new ProviderException(Provider, 200, "Cohere's embed answer has no embeddings.float.");
        // UsageBilledUnits.input_tokens is typed float.
        var inputTokens = Count(answer["meta"]?["billed_units"]?["input_tokens"]);
        return new LlmResponse(
            answer["id"]?.GetValue<string>() ?? "",
            created,
            model,
            [],
            new LlmUsage(inputTokens, 0),
            [.. vectors.Select(static v => WireJson.Floats(v as JsonArray))]);
    }

    /// <summary>
    /// The embed <c>input_type</c>: the query's own top-level <c>input_type</c> when it names one of
    /// Cohere's, else <c>search_document</c> (what is embedded is most often stored to be searched).
    /// </summary>
    public static string InputType(LlmRequest request)
    {
        if (request.InputType is not { } given)
        {
            return InputTypes[0];
        }

        return given is JsonValue value && value.GetValueKind() == JsonValueKind.String && InputTypes.Contains(value.GetValue<string>())
            ? value.GetValue<string>()
            : throw ServingException.Invalid($"input_type must be one of {string.Join(", ", InputTypes)} for Cohere embeddings.");
    }

    /// <summary>
    /// Cohere's finish reasons (ChatFinishReason) in the OpenAI words. <c>ERROR</c> and <c>TIMEOUT</c>
    /// leave no whole answer, so they fail the query with Cohere's own error text
    /// (<c>delta.error</c> of message-end, when streamed); a timeout reads as one.
    /// </summary>
    public static string? FinishReason(string? cohere, string? error = null) => cohere switch
    {
        null => null,
        "COMPLETE" or "STOP_SEQUENCE" => "stop",
        "MAX_TOKENS" => "length",
        "TOOL_CALL" => "tool_calls",
        "ERROR" => throw new ProviderException(Provider, null, $"Cohere ended the answer with an error: {error ?? "no detail given"}"),
        "TIMEOUT" => throw new ProviderException(Provider, null, $"Cohere timed out generating the answer{(error is null ? "." : $": {error}")}", timedOut: true),
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
