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
    // p and k are written by ChatBody itself: Cohere's ranges are narrower than OpenAI's.
    private static readonly SamplingFields Sampling = new("max_tokens", "temperature", "p", null, "stop_sequences");

    public const string Provider = CohereProvider.ProviderName;

    /// <summary>Cohere's <c>p</c> range (v2 chat request: "min value of 0.01, max value of 0.99").</summary>
    public const double MinP = 0.01, MaxP = 0.99;

    /// <summary>Cohere's <c>k</c> range (v2 chat request: "min value of 0, max value of 500"; 0 turns k off).</summary>
    public const int MaxK = 500;

    /// <summary>The embed <c>input_type</c>s (EmbedInputType); <c>search_document</c> unless the query names another.</summary>
    private static readonly string[] InputTypes = ["search_document", "search_query", "classification", "clustering"];

    public static JsonObject ChatBody(LlmRequest request, string model)
    {
        if (request.N != 1)
        {
            throw ServingException.Invalid($"Cohere answers one choice per query; n={request.N} is not supported.");
        }

        var messages = new JsonArray();
        if (request.Task == LlmTask.Completions)
        {
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = PromptByPrompt.Single(request, "Cohere") });
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

        // OpenAI's top_p is 0–1 and 1 (no cut) is the usual default; Cohere refuses p outside
        // 0.01–0.99, so p is clamped to the nearest value Cohere takes. k above 500 is clamped to 500.
        if (request.TopP is { } topP)
        {
            body["p"] = Math.Clamp(topP, MinP, MaxP);
        }

        if (request.TopK is { } topK)
        {
            body["k"] = Math.Min(topK, MaxK);
        }

        if (request.Seed is { } seed)
        {
            body["seed"] = seed;
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            AddTools(body, tools, ToolChoice.Read(request.ToolChoice));
        }

        if (request.Stream)
        {
            body["stream"] = true;
        }

        WireJson.MergeExtra(body, request.ExtraParams);
        return body;
    }

    /// <summary>
    /// OpenAI tools as Cohere's ToolV2 (type, and a function of name, description and a required
    /// <c>parameters</c> schema, given as an empty object schema when OpenAI's leaves it out).
    /// OpenAI's per-function <c>strict</c> becomes Cohere's request-wide <c>strict_tools</c>; a
    /// <c>tool_choice</c> becomes REQUIRED or NONE, and one named function REQUIRED with that tool alone.
    /// </summary>
    private static void AddTools(JsonObject body, JsonArray tools, ToolChoice? choice)
    {
        var wire = new JsonArray();
        var strict = false;
        foreach (var tool in tools.OfType<JsonObject>())
        {
            if (tool["function"] is not JsonObject function)
            {
                continue;
            }

            var name = function["name"]?.GetValue<string>();
            if (choice is { Mode: ToolChoiceMode.Function } named && name != named.Name)
            {
                continue;
            }

            var cohereFunction = new JsonObject
            {
                ["name"] = name,
                ["parameters"] = function["parameters"]?.DeepClone() ?? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() },
            };
            if (function["description"] is { } description)
            {
                cohereFunction["description"] = description.DeepClone();
            }

            strict |= function["strict"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
            wire.Add(new JsonObject { ["type"] = "function", ["function"] = cohereFunction });
        }

        if (choice is { Mode: ToolChoiceMode.Function } wanted && wire.Count == 0)
        {
            throw ServingException.Invalid($"tool_choice names function '{wanted.Name}', which is not among the tools.");
        }

        body["tools"] = wire;
        if (strict)
        {
            body["strict_tools"] = true;
        }

        switch (choice?.Mode)
        {
            case ToolChoiceMode.None:
                body["tool_choice"] = "NONE";
                break;
            case ToolChoiceMode.Required or ToolChoiceMode.Function:
                body["tool_choice"] = "REQUIRED";
                break;
        }
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

    public static JsonObject EmbedBody(LlmRequest request, string model)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["texts"] = WireJson.Strings(request.Inputs),
            ["input_type"] = InputType(request),
            ["embedding_types"] = new JsonArray("float"),
        };
        WireJson.MergeExtra(body, request.ExtraParams);
        return body;
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
