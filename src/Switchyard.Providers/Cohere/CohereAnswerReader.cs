using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using static Switchyard.Providers.AnswerFields;

namespace Switchyard.Providers.Cohere;

/// <summary>
/// Reads Cohere's v2 answers (<c>/v2/chat</c> whole and streamed, <c>/v2/embed</c>) into the OpenAI
/// shape straight from the answer's pooled document, so that no tree of Cohere's answer is built.
/// A field that is missing or of another kind than Cohere's types give it reads as absent.
/// </summary>
internal static class CohereAnswerReader
{
    public static LlmResponse ChatResponse(JsonElement answer, string model, long created)
    {
        var message = Member(answer, "message");
        var choice = new LlmChoice(0, TextOf(message), FinishReason(String(answer, "finish_reason")), ToolCallsOf(message));
        return new LlmResponse(String(answer, "id") ?? "", created, model, [choice], UsageOf(Member(answer, "usage")));
    }

    /// <summary>The id every chunk of a stream carries: the one message-start names, once it has come.</summary>
    public static string StreamId(JsonElement streamEvent, string id) =>
        String(streamEvent, "type") == "message-start" ? String(streamEvent, "id") ?? id : id;

    /// <summary>
    /// The chunk one streamed event makes, or null for events that carry nothing for the caller
    /// (message-start, content-start/end, tool-plan).
    /// </summary>
    public static LlmChunk? StreamChunk(JsonElement streamEvent, string id, string model, long created)
    {
        var delta = Member(streamEvent, "delta");
        switch (String(streamEvent, "type"))
        {
            case "content-delta":
                return String(Member(Member(delta, "message"), "content"), "text") is { } text
                    ? new LlmChunk(id, created, model, 0, text)
                    : null;
            case "tool-call-start" or "tool-call-delta":
                return Member(Member(delta, "message"), "tool_calls") is { ValueKind: JsonValueKind.Object } call
                    ? new LlmChunk(id, created, model, 0, null, ToolCalls: [ToolCallDelta(call, Int(streamEvent, "index") ?? 0)])
                    : null;
            case "message-end":
                return new LlmChunk(
                    id,
                    created,
                    model,
                    0,
                    null,
                    FinishReason(String(delta, "finish_reason"), String(delta, "error")) ?? "stop",
                    Usage: UsageOf(Member(delta, "usage")));
            default:
                return null;
        }
    }

    public static LlmResponse EmbedResponse(JsonElement answer, string model, long created)
    {
        var vectors = Member(Member(answer, "embeddings"), "float");
        if (vectors.ValueKind != JsonValueKind.Array)
        {
            throw new ProviderException(CohereWire.Provider, 200, "Cohere's embed answer has no embeddings.float.");
        }

        // UsageBilledUnits.input_tokens is typed float.
        var inputTokens = Count(Member(Member(answer, "meta"), "billed_units"), "input_tokens");
        var embeddings = new List<float[]>(vectors.GetArrayLength());
        foreach (var vector in vectors.EnumerateArray())
        {
            embeddings.Add(Floats(vector));
        }

        return new LlmResponse(String(answer, "id") ?? "", created, model, [], new LlmUsage(inputTokens, 0), embeddings);
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
        "ERROR" => throw new ProviderException(CohereWire.Provider, null, $"Cohere ended the answer with an error: {error ?? "no detail given"}"),
        "TIMEOUT" => throw new ProviderException(CohereWire.Provider, null, $"Cohere timed out generating the answer{(error is null ? "." : $": {error}")}", timedOut: true),
        _ => cohere.ToLowerInvariant(),
    };

    /// <summary>
    /// The answer's text: its text parts joined. Parts of other types (a model's thinking) are not
    /// the answer; a part that names no type is taken as text.
    /// </summary>
    private static string TextOf(JsonElement message)
    {
        var text = "";
        var content = Member(message, "content");
        if (content.ValueKind != JsonValueKind.Array)
        {
            return text;
        }

        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && String(part, "type") is null or "text")
            {
                text += String(part, "text");
            }
        }

        return text;
    }

    /// <summary>Cohere's ToolCallV2 already has OpenAI's shape (id, type, function name and arguments string), so the calls pass as they are.</summary>
    private static JsonArray? ToolCallsOf(JsonElement message) =>
        Member(message, "tool_calls") is { ValueKind: JsonValueKind.Array } calls && calls.GetArrayLength() > 0
            ? Copy(calls).AsArray()
            : null;

    /// <summary>Cohere gives a streamed call's index beside it, in the event; OpenAI's delta carries it inside the call.</summary>
    private static JsonObject ToolCallDelta(JsonElement call, int index)
    {
        var openAiCall = Copy(call).AsObject();
        openAiCall["index"] = index;
        return openAiCall;
    }

    /// <summary>Token counts from <c>usage.tokens</c> (all the model read), else <c>usage.billed_units</c>.</summary>
    private static LlmUsage? UsageOf(JsonElement usage)
    {
        var counts = Member(usage, "tokens");
        if (counts.ValueKind != JsonValueKind.Object)
        {
            counts = Member(usage, "billed_units");
        }

        return counts.ValueKind == JsonValueKind.Object
            ? new LlmUsage(Count(counts, "input_tokens"), Count(counts, "output_tokens"))
            : null;
    }

    /// <summary>Our answer types hold nodes, and the answer's document goes back to its pool: a value passed on whole is copied out.</summary>
    private static JsonNode Copy(JsonElement value) => JsonNode.Parse(value.GetRawText())!;

    // Cohere sends counts as numbers that may be written with a fraction (billed units).
    private static int Count(JsonElement counts, string name) => Double(counts, name) is { } value ? (int)value : 0;
}
