using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using static Switchyard.Providers.AnswerFields;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// Reads Gemini's answers on Vertex AI in the OpenAI shape, straight from the answer's pooled
/// document rather than a copy of it: whole <c>:generateContent</c> answers, each
/// <c>:streamGenerateContent</c> event (the same shape, with part of the text), and
/// <c>:predict</c> embeddings. A field missing, null or of another kind reads as absent.
/// </summary>
internal static class GeminiAnswerReader
{
    public static LlmResponse GenerateResponse(JsonElement answer, string model, long created)
    {
        RefuseBlockedPrompt(answer);
        var choices = new List<LlmChoice>();
        foreach (var candidate in CandidatesOf(answer))
        {
            var (text, calls) = Parts(candidate, choices.Count);
            choices.Add(new LlmChoice(
                Int(candidate, "index") ?? choices.Count,
                text,
                FinishReason(String(candidate, "finishReason"), calls is not null),
                calls));
        }

        return new LlmResponse(ResponseIdOf(answer) ?? "", created, String(answer, "modelVersion") ?? model, choices, Usage(answer));
    }

    /// <summary>The answer's id; in a stream each event restates it, and the latest one names the chunks.</summary>
    public static string? ResponseIdOf(JsonElement answer) => String(answer, "responseId");

    /// <summary>
    /// The chunks one streamed event makes: text or calls per candidate, then finish reasons, then
    /// usage. They are made as they are taken, so a later candidate's malformed call fails the
    /// stream after the earlier candidates' chunks went out; the event's document must therefore
    /// stay open until the chunks have all been taken.
    /// </summary>
    public static IEnumerable<LlmChunk> StreamChunks(JsonElement streamEvent, string id, string model, long created)
    {
        RefuseBlockedPrompt(streamEvent);
        List<JsonElement> candidates = [.. CandidatesOf(streamEvent)];
        var usage = Usage(streamEvent);
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var index = Int(candidate, "index") ?? i;
            var (text, calls) = Parts(candidate, 0);
            var finish = FinishReason(String(candidate, "finishReason"), calls is not null);
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

    public static LlmResponse PredictResponse(JsonElement answer, string model, long created)
    {
        if (Member(answer, "predictions") is not { ValueKind: JsonValueKind.Array } predictions)
        {
            throw new ProviderException(GeminiWire.Provider, 200, "Vertex AI's predict answer has no predictions.");
        }

        var vectors = new List<float[]>(predictions.GetArrayLength());
        var tokens = 0;
        foreach (var prediction in predictions.EnumerateArray())
        {
            var embeddings = Member(prediction, "embeddings");
            vectors.Add(Floats(Member(embeddings, "values")));
            tokens += (int)(Double(Member(embeddings, "statistics"), "token_count") ?? 0);
        }

        return new LlmResponse("", created, model, [], new LlmUsage(tokens, 0), vectors);
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
            GeminiWire.Provider, null, "Vertex AI ended the answer with finish reason MALFORMED_FUNCTION_CALL: the model's function call could not be read."),
        _ => gemini.ToLowerInvariant(),
    };

    /// <summary>
    /// A candidate's text (thoughts left out, since they are the model's working and not its answer)
    /// and its function calls as OpenAI tool calls. Gemini gives calls no ids, so each gets one from
    /// <paramref name="callBase"/> (in a whole answer, the choice) and its place in the turn.
    /// </summary>
    private static (string Text, JsonArray? Calls) Parts(JsonElement candidate, int callBase)
    {
        var text = "";
        JsonArray? calls = null;
        if (Member(Member(candidate, "content"), "parts") is not { ValueKind: JsonValueKind.Array } parts)
        {
            return (text, calls);
        }

        foreach (var part in parts.EnumerateArray())
        {
            if (String(part, "text") is { } piece && !IsThought(part))
            {
                text += piece;
            }
            else if (Member(part, "functionCall") is { ValueKind: JsonValueKind.Object } call)
            {
                calls ??= [];
                calls.Add(WireJson.OpenAiToolCall($"call_{callBase}_{calls.Count}", String(call, "name") ?? "", Arguments(call, "args"), calls.Count));
            }
        }

        return (text, calls);
    }

    private static bool IsThought(JsonElement part) => Member(part, "thought").ValueKind == JsonValueKind.True;

    /// <summary>
    /// A prompt Vertex AI refused to answer (<c>promptFeedback.blockReason</c>, prediction_service.proto
    /// GenerateContentResponse.PromptFeedback) comes back with no candidates; it is the caller's
    /// query that was refused, so it fails as a 400 naming the reason rather than as an empty answer.
    /// </summary>
    private static void RefuseBlockedPrompt(JsonElement answer)
    {
        var feedback = Member(answer, "promptFeedback");
        if (String(feedback, "blockReason") is { Length: > 0 } reason && reason != "BLOCKED_REASON_UNSPECIFIED")
        {
            var detail = String(feedback, "blockReasonMessage") is { Length: > 0 } message ? $": {message}" : ".";
            throw ServingException.Invalid($"Vertex AI blocked the prompt (block reason {reason}){detail}");
        }
    }

    private static IEnumerable<JsonElement> CandidatesOf(JsonElement answer)
    {
        if (Member(answer, "candidates") is not { ValueKind: JsonValueKind.Array } candidates)
        {
            yield break;
        }

        foreach (var candidate in candidates.EnumerateArray())
        {
            if (candidate.ValueKind == JsonValueKind.Object)
            {
                yield return candidate;
            }
        }
    }

    /// <summary>
    /// UsageMetadata's counts: completion tokens are the candidates' plus the thinking tokens
    /// (<c>thoughtsTokenCount</c>), which are billed as output though no text of theirs is returned.
    /// </summary>
    private static LlmUsage? Usage(JsonElement answer) =>
        Member(answer, "usageMetadata") is { ValueKind: JsonValueKind.Object } usage
            ? new LlmUsage(
                Int(usage, "promptTokenCount") ?? 0,
                (Int(usage, "candidatesTokenCount") ?? 0) + (Int(usage, "thoughtsTokenCount") ?? 0))
            : null;
}
