using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// Reads Gemini's answers on Vertex AI in our terms: <c>:generateContent</c>,
/// <c>:streamGenerateContent</c> (each SSE event has the same shape as a whole answer, with
/// part of the text) and the text-embedding <c>:predict</c> call. The requests are written by
/// <see cref="GeminiRequestWriter"/>.
/// </summary>
public static class GeminiWire
{
    public const string Provider = VertexAiProvider.ProviderName;

    public static LlmResponse GenerateResponse(JsonObject answer, string model, long created)
    {
        RefuseBlockedPrompt(answer);
        var choices = new List<LlmChoice>();
        foreach (var candidate in (answer["candidates"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var (text, calls) = Parts(candidate, choices.Count);
            choices.Add(new LlmChoice(
                candidate["index"]?.GetValue<int>() ?? choices.Count,
                text,
                FinishReason(candidate["finishReason"]?.GetValue<string>(), calls is not null),
                calls));
        }

        return new LlmResponse(
            answer["responseId"]?.GetValue<string>() ?? "",
            created,
            answer["modelVersion"]?.GetValue<string>() ?? model,
            choices,
            Usage(answer["usageMetadata"] as JsonObject));
    }

    /// <summary>The chunks one streamed event makes: text or calls per candidate, then finish reasons, then usage.</summary>
    public static IEnumerable<LlmChunk> StreamChunks(JsonObject streamEvent, string id, string model, long created)
    {
        RefuseBlockedPrompt(streamEvent);
        var candidates = (streamEvent["candidates"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var usage = Usage(streamEvent["usageMetadata"] as JsonObject);
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var index = candidate["index"]?.GetValue<int>() ?? i;
            var (text, calls) = Parts(candidate, 0);
            var finish = FinishReason(candidate["finishReason"]?.GetValue<string>(), calls is not null);
            if (text.Length > 0 || calls is not null || finish is not null)
            {
                yield return new LlmChunk(
                    id,
                    created,
                    model,
                    index,
                    text.Length > 0 ? text : null,
                    finish,
                    calls,
                    finish is not null && i == candidates.Count - 1 ? usage : null);
            }
        }
    }

    private static (string Text, JsonArray? Calls) Parts(JsonObject candidate, int callBase)
    {
        var text = "";
        JsonArray? calls = null;
        foreach (var part in (candidate["content"]?["parts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (part["text"]?.GetValue<string>() is { } piece && part["thought"]?.GetValue<bool>() != true)
            {
                text += piece;
            }
            else if (part["functionCall"] is JsonObject call)
            {
                calls ??= [];
                var name = call["name"]?.GetValue<string>() ?? "";
                calls.Add(WireJson.OpenAiToolCall($"call_{callBase}_{calls.Count}", name, call["args"], calls.Count));
            }
        }

        return (text, calls);
    }

    /// <summary>
    /// A prompt Vertex AI refused to answer (<c>promptFeedback.blockReason</c>, prediction_service.proto
    /// GenerateContentResponse.PromptFeedback) comes back with no candidates; it is the caller's
    /// query that was refused, so it fails as a 400 naming the reason rather than as an empty answer.
    /// </summary>
    private static void RefuseBlockedPrompt(JsonObject answer)
    {
        if (answer["promptFeedback"] is JsonObject feedback
            && feedback["blockReason"]?.GetValue<string>() is { Length: > 0 } reason
            && reason != "BLOCKED_REASON_UNSPECIFIED")
        {
            var detail = feedback["blockReasonMessage"]?.GetValue<string>() is { Length: > 0 } message ? $": {message}" : ".";
            throw ServingException.Invalid($"Vertex AI blocked the prompt (block reason {reason}){detail}");
        }
    }

    /// <summary>
    /// Gemini's finish reasons (Candidate.FinishReason, content.proto) in the OpenAI words; a turn that
    /// called functions ends in <c>tool_calls</c>. <c>OTHER</c> ends the turn without a reason we can
    /// name, so it reads as <c>stop</c>; <c>MALFORMED_FUNCTION_CALL</c> leaves no usable call and fails
    /// the query, naming it. Reasons newer than this list pass through in lower case.
    /// </summary>
    public static string? FinishReason(string? gemini, bool calledTools) => gemini switch
    {
        null or "" or "FINISH_REASON_UNSPECIFIED" => null,
        "STOP" => calledTools ? "tool_calls" : "stop",
        "OTHER" => "stop",
        "MAX_TOKENS" => "length",
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" or "MODEL_ARMOR" => "content_filter",
        "MALFORMED_FUNCTION_CALL" => throw new ProviderException(
            Provider, null, "Vertex AI ended the answer with finish reason MALFORMED_FUNCTION_CALL: the model's function call could not be read."),
        _ => gemini.ToLowerInvariant(),
    };

    /// <summary>
    /// UsageMetadata's counts: completion tokens are the candidates' plus the thinking tokens
    /// (<c>thoughtsTokenCount</c>), which are billed as output though no text of theirs is returned.
    /// </summary>
    private static LlmUsage? Usage(JsonObject? usage) =>
        usage is null
            ? null
            : new LlmUsage(
                usage["promptTokenCount"]?.GetValue<int>() ?? 0,
                (usage["candidatesTokenCount"]?.GetValue<int>() ?? 0) + (usage["thoughtsTokenCount"]?.GetValue<int>() ?? 0));

    public static LlmResponse PredictResponse(JsonObject answer, string model, long created)
    {
        var predictions = answer["predictions"] as JsonArray
            ?? throw new ProviderException(Provider, 200, "Vertex AI's predict answer has no predictions.");
        var vectors = new List<float[]>(predictions.Count);
        var tokens = 0;
        foreach (var prediction in predictions)
        {
            var embeddings = prediction?["embeddings"];
            vectors.Add(WireJson.Floats(embeddings?["values"] as JsonArray));
            tokens += (int)(embeddings?["statistics"]?["token_count"]?.GetValue<double>() ?? 0);
        }

        return new LlmResponse("", created, model, [], new LlmUsage(tokens, 0), vectors);
    }
}
