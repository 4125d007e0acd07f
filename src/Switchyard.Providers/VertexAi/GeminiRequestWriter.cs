using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using static Switchyard.Providers.WireWriter;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// Writes a query as a Gemini request on Vertex AI: a <c>:generateContent</c> body (a completions
/// prompt as one user turn, assistant turns as role <c>model</c>, system messages as
/// <c>systemInstruction</c>, OpenAI tools as <c>functionDeclarations</c>) or a text-embedding
/// <c>:predict</c> body. <c>extra_params</c> go last and replace top-level fields of the same name;
/// the sampling knobs sit inside <c>generationConfig</c>, out of their reach.
/// </summary>
internal static class GeminiRequestWriter
{
    private static readonly SamplingFields Sampling = new("maxOutputTokens", "temperature", "topP", "topK", "stopSequences");

    /// <summary>
    /// A chat or completions query whose refusals are thrown already, with what checking it read: the
    /// caller checks before it fetches a token, so a query Vertex AI would never take costs no call.
    /// </summary>
    public readonly record struct CheckedQuery(LlmRequest Request, string? Prompt, int? Seed, ToolChoice? ToolChoice);

    public static CheckedQuery Check(LlmRequest request)
    {
        var prompt = request.Task == LlmTask.Completions ? PromptByPrompt.Single(request, "Vertex AI") : null;
        int? seed = null;
        if (request.Seed is { } wide)
        {
            // GenerationConfig.seed is an int32 (aiplatform v1 content.proto).
            seed = wide is >= int.MinValue and <= int.MaxValue
                ? (int)wide
                : throw ServingException.Invalid($"seed {wide} is out of range for Vertex AI, which takes a 32-bit integer ({int.MinValue} to {int.MaxValue}).");
        }

        // A tool_choice without tools has nothing to choose from, so it is neither read nor sent.
        var choice = request.Tools is { Count: > 0 } ? ToolChoice.Read(request.ToolChoice) : null;
        return new CheckedQuery(request, prompt, seed, choice);
    }

    public static void WriteGenerateBody(Utf8JsonWriter writer, LlmRequest request) => WriteGenerateBody(writer, Check(request));

    public static void WriteGenerateBody(Utf8JsonWriter writer, CheckedQuery query)
    {
        var request = query.Request;
        var extra = request.ExtraParams;
        writer.WriteStartObject();
        if (!ExtraSets(extra, "contents"))
        {
            WriteContents(writer, query);
        }

        if (request.Task != LlmTask.Completions && !ExtraSets(extra, "systemInstruction"))
        {
            WriteSystemInstruction(writer, request.Messages);
        }

        if (!ExtraSets(extra, "generationConfig"))
        {
            writer.WriteStartObject("generationConfig"u8);
            Sampling.WriteTo(writer, request);
            if (request.N != 1)
            {
                writer.WriteNumber("candidateCount"u8, request.N);
            }

            if (query.Seed is { } seed)
            {
                writer.WriteNumber("seed"u8, seed);
            }

            writer.WriteEndObject();
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            if (!ExtraSets(extra, "tools"))
            {
                WriteTools(writer, tools);
            }

            if (query.ToolChoice is { } choice && !ExtraSets(extra, "toolConfig"))
            {
                WriteToolConfig(writer, choice);
            }
        }

        WriteExtra(writer, extra);
        writer.WriteEndObject();
    }

    public static void WritePredictBody(Utf8JsonWriter writer, LlmRequest request)
    {
        var extra = request.ExtraParams;
        writer.WriteStartObject();
        if (!ExtraSets(extra, "instances"))
        {
            writer.WriteStartArray("instances"u8);
            foreach (var input in request.Inputs)
            {
                writer.WriteStartObject();
                writer.WriteString("content"u8, input);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteExtra(writer, extra);
        writer.WriteEndObject();
    }

    private static void WriteContents(Utf8JsonWriter writer, CheckedQuery query)
    {
        writer.WriteStartArray("contents"u8);
        if (query.Prompt is { } prompt)
        {
            WriteTextTurn(writer, "user", prompt);
            writer.WriteEndArray();
            return;
        }

        // Gemini answers a call by the function's name, OpenAI by the call's id: remember which id named what.
        Dictionary<string, string>? calledNames = null;
        // Gemini wants the answers to one turn's parallel calls in one turn, as many functionResponse
        // parts as there were functionCall parts; system messages, which are no turn, do not end it.
        var inResponses = false;
        foreach (var message in query.Request.Messages)
        {
            if (message.Role == ChatRoles.System)
            {
                continue;
            }

            if (message.Role == ChatRoles.Tool)
            {
                if (!inResponses)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role"u8, "user"u8);
                    writer.WriteStartArray("parts"u8);
                    inResponses = true;
                }

                var name = message.Name
                    ?? (message.ToolCallId is { } id && calledNames is not null && calledNames.TryGetValue(id, out var called) ? called : message.ToolCallId ?? "");
                WriteFunctionResponse(writer, name, message.Content);
                continue;
            }

            if (inResponses)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                inResponses = false;
            }

            if (message.Role == ChatRoles.Assistant)
            {
                WriteModelTurn(writer, message);
                foreach (var call in (message.ToolCalls ?? []).OfType<JsonObject>())
                {
                    if (call["id"]?.GetValue<string>() is { } callId && call["function"]?["name"]?.GetValue<string>() is { } name)
                    {
                        (calledNames ??= new Dictionary<string, string>(StringComparer.Ordinal))[callId] = name;
                    }
                }
            }
            else
            {
                WriteTextTurn(writer, "user", message.Content ?? "");
            }
        }

        if (inResponses)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteSystemInstruction(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        var open = false;
        foreach (var message in messages)
        {
            if (message.Role != ChatRoles.System)
            {
                continue;
            }

            if (!open)
            {
                writer.WriteStartObject("systemInstruction"u8);
                writer.WriteStartArray("parts"u8);
                open = true;
            }

            WriteTextPart(writer, message.Content ?? "");
        }

        if (open)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    private static void WriteModelTurn(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "model"u8);
        writer.WriteStartArray("parts"u8);
        if (!string.IsNullOrEmpty(message.Content))
        {
            WriteTextPart(writer, message.Content);
        }

        foreach (var call in (message.ToolCalls ?? []).OfType<JsonObject>())
        {
            writer.WriteStartObject();
            writer.WriteStartObject("functionCall"u8);
            writer.WriteString("name"u8, call["function"]?["name"]?.GetValue<string>());
            writer.WritePropertyName("args"u8);
            // OpenAI carries the arguments as a JSON string; Gemini wants the object itself.
            WireJson.ParseArguments(call["function"]?["arguments"]?.GetValue<string>()).WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteFunctionResponse(Utf8JsonWriter writer, string name, string? content)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("functionResponse"u8);
        writer.WriteString("name"u8, name);
        writer.WriteStartObject("response"u8);
        writer.WriteString("content"u8, content);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTextTurn(Utf8JsonWriter writer, string role, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, role);
        writer.WriteStartArray("parts"u8);
        WriteTextPart(writer, text);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }

    /// <summary>
    /// OpenAI functions as Vertex AI <c>FunctionDeclaration</c>s (aiplatform v1 tool.proto): name,
    /// description, and the JSON Schema in <c>parametersJsonSchema</c>, since <c>parameters</c> takes
    /// only the OpenAPI-subset <c>Schema</c> (openapi.proto: upper-case types, no <c>$schema</c> or
    /// <c>additionalProperties: false</c> as JSON Schema writes it). OpenAI's <c>strict</c> has no
    /// field there and is left out.
    /// </summary>
    private static void WriteTools(Utf8JsonWriter writer, JsonArray tools)
    {
        writer.WriteStartArray("tools"u8);
        writer.WriteStartObject();
        writer.WriteStartArray("functionDeclarations"u8);
        foreach (var tool in tools.OfType<JsonObject>())
        {
            if (tool["function"] is not JsonObject function)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WritePropertyName("name"u8);
            WriteNode(writer, function["name"]);
            WriteIfPresent(writer, "description"u8, function["description"]);
            WriteIfPresent(writer, "parametersJsonSchema"u8, function["parameters"]);

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>
    /// OpenAI's <c>tool_choice</c> as <c>toolConfig.functionCallingConfig</c>: auto → AUTO, none →
    /// NONE, required → ANY, one named function → ANY limited to it by <c>allowedFunctionNames</c>.
    /// </summary>
    private static void WriteToolConfig(Utf8JsonWriter writer, ToolChoice choice)
    {
        writer.WriteStartObject("toolConfig"u8);
        writer.WriteStartObject("functionCallingConfig"u8);
        writer.WriteString("mode"u8, choice.Mode switch
        {
            ToolChoiceMode.None => "NONE"u8,
            ToolChoiceMode.Required or ToolChoiceMode.Function => "ANY"u8,
            _ => "AUTO"u8,
        });
        if (choice.Mode == ToolChoiceMode.Function)
        {
            writer.WriteStartArray("allowedFunctionNames"u8);
            writer.WriteStringValue(choice.Name);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
