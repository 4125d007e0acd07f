using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// Translates between our LLM queries and Gemini on Vertex AI: <c>:generateContent</c>,
/// <c>:streamGenerateContent</c> (each SSE event has the same shape as a whole answer, with
/// part of the text) and the text-embedding <c>:predict</c> call. A completions prompt goes as
/// one user turn. Assistant turns are role <c>model</c>; system messages become
/// <c>systemInstruction</c>; OpenAI tools become <c>functionDeclarations</c>.
/// </summary>
public static class GeminiWire
{
    private static readonly SamplingFields Sampling = new("maxOutputTokens", "temperature", "topP", "topK", "stopSequences");

    public const string Provider = VertexAiProvider.ProviderName;

    public static JsonObject GenerateBody(LlmRequest request)
    {
        var contents = new JsonArray();
        var system = new JsonArray();
        if (request.Task == LlmTask.Completions)
        {
            contents.Add(Turn("user", TextPart(PromptByPrompt.Single(request, "Vertex AI"))));
        }
        else
        {
            // Gemini answers a call by the function's name, OpenAI by the call's id: remember which id named what.
            var calledNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var message in request.Messages)
            {
                switch (message.Role)
                {
                    case ChatRoles.System:
                        system.Add(TextPart(message.Content ?? ""));
                        break;
                    case ChatRoles.Assistant:
                        contents.Add(AssistantTurn(message));
                        foreach (var call in (message.ToolCalls ?? []).OfType<JsonObject>())
                        {
                            if (call["id"]?.GetValue<string>() is { } callId && call["function"]?["name"]?.GetValue<string>() is { } name)
                            {
                                calledNames[callId] = name;
                            }
                        }

                        break;
                    case ChatRoles.Tool:
                        var response = new JsonObject
                        {
                            ["functionResponse"] = new JsonObject
                            {
                                ["name"] = message.Name
                                    ?? (message.ToolCallId is { } id && calledNames.TryGetValue(id, out var called) ? called : message.ToolCallId ?? ""),
                                ["response"] = new JsonObject { ["content"] = message.Content },
                            },
                        };

                        // Gemini wants the answers to one turn's parallel calls in one turn, as many
                        // functionResponse parts as there were functionCall parts.
                        if (contents.Count > 0 && contents[^1] is JsonObject last && IsFunctionResponseTurn(last))
                        {
                            last["parts"]!.AsArray().Add(response);
                        }
                        else
                        {
                            contents.Add(Turn("user", response));
                        }

                        break;
                    default:
                        contents.Add(Turn("user", TextPart(message.Content ?? "")));
                        break;
                }
            }
        }

        var body = new JsonObject { ["contents"] = contents };
        if (system.Count > 0)
        {
            body["systemInstruction"] = new JsonObject { ["parts"] = system };
        }

        body["generationConfig"] = GenerationConfig(request);
        if (request.Tools is { Count: > 0 } tools)
        {
            var declarations = new JsonArray();
            foreach (var tool in tools.OfType<JsonObject>())
            {
                if (tool["function"] is JsonObject function)
                {
                    declarations.Add(FunctionDeclaration(function));
                }
            }

            body["tools"] = new JsonArray(new JsonObject { ["functionDeclarations"] = declarations });
            if (ToolConfig(ToolChoice.Read(request.ToolChoice)) is { } toolConfig)
            {
                body["toolConfig"] = toolConfig;
            }
        }

        WireJson.MergeExtra(body, request.ExtraParams);
        return body;
    }

    /// <summary>
    /// An OpenAI function as a Vertex AI <c>FunctionDeclaration</c> (aiplatform v1 tool.proto): name,
    /// description, and the JSON Schema in <c>parametersJsonSchema</c>, since <c>parameters</c> takes
    /// only the OpenAPI-subset <c>Schema</c> (openapi.proto: upper-case types, no <c>$schema</c> or
    /// <c>additionalProperties: false</c> as JSON Schema writes it). OpenAI's <c>strict</c> has no
    /// field there and is left out.
    /// </summary>
    private static JsonObject FunctionDeclaration(JsonObject function)
    {
        var declaration = new JsonObject { ["name"] = function["name"]?.DeepClone() };
        if (function["description"] is { } description)
        {
            declaration["description"] = description.DeepClone();
        }

        if (function["parameters"] is { } parameters)
        {
            declaration["parametersJsonSchema"] = parameters.DeepClone();
        }

        return declaration;
    }

    /// <summary>
    /// OpenAI's <c>tool_choice</c> as <c>toolConfig.functionCallingConfig</c>: auto → AUTO, none →
    /// NONE, required → ANY, one named function → ANY limited to it by <c>allowedFunctionNames</c>.
    /// </summary>
    private static JsonObject? ToolConfig(ToolChoice? choice)
    {
        if (choice is not { } chosen)
        {
            return null;
        }

        var config = new JsonObject
        {
            ["mode"] = chosen.Mode switch
            {
                ToolChoiceMode.None => "NONE",
                ToolChoiceMode.Required or ToolChoiceMode.Function => "ANY",
                _ => "AUTO",
            },
        };
        if (chosen.Mode == ToolChoiceMode.Function)
        {
            config["allowedFunctionNames"] = new JsonArray(chosen.Name);
        }

        return new JsonObject { ["functionCallingConfig"] = config };
    }

    private static JsonObject GenerationConfig(LlmRequest request)
    {
        var config = new JsonObject();
        Sampling.CopyTo(config, request);

        if (request.N != 1)
        {
            config["candidateCount"] = request.N;
        }

        if (request.Seed is { } seed)
        {
            // GenerationConfig.seed is an int32 (aiplatform v1 content.proto).
            config["seed"] = seed is >= int.MinValue and <= int.MaxValue
                ? (int)seed
                : throw ServingException.Invalid($"seed {seed} is out of range for Vertex AI, which takes a 32-bit integer ({int.MinValue} to {int.MaxValue}).");
        }

        return config;
    }

    private static JsonObject AssistantTurn(ChatMessage message)
    {
        var parts = new JsonArray();
        if (!string.IsNullOrEmpty(message.Content))
        {
            parts.Add(TextPart(message.Content));
        }

        foreach (var call in (message.ToolCalls ?? []).OfType<JsonObject>())
        {
            parts.Add(new JsonObject
            {
                ["functionCall"] = new JsonObject
                {
                    ["name"] = call["function"]?["name"]?.GetValue<string>(),
                    ["args"] = WireJson.ParseArguments(call["function"]?["arguments"]?.GetValue<string>()),
                },
            });
        }

        return new JsonObject { ["role"] = "model", ["parts"] = parts };
    }

    private static bool IsFunctionResponseTurn(JsonObject turn) =>
        turn["role"]?.GetValue<string>() == "user"
        && turn["parts"] is JsonArray { Count: > 0 } parts
        && parts[0] is JsonObject first && first.ContainsKey("functionResponse");

    private static JsonObject Turn(string role, JsonObject part) => new() { ["role"] = role, ["parts"] = new JsonArray(part) };

    private static JsonObject TextPart(string text) => new() { ["text"] = text };

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

    public static JsonObject PredictBody(LlmRequest request)
    {
        var instances = new JsonArray();
        foreach (var input in request.Inputs)
        {
            instances.Add(new JsonObject { ["content"] = input });
        }

        var body = new JsonObject { ["instances"] = instances };
        WireJson.MergeExtra(body, request.ExtraParams);
        return body;
    }

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
