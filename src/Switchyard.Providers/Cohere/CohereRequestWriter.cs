using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using static Switchyard.Providers.WireWriter;

namespace Switchyard.Providers.Cohere;

/// <summary>
/// Writes a query as a Cohere v2 request: <c>/v2/chat</c> (a completions prompt goes as one user
/// message, since v2 has no completions call of its own) and <c>/v2/embed</c>. <c>extra_params</c>
/// go last and win over fields of the same name.
/// </summary>
internal static class CohereRequestWriter
{
    /// <summary>Cohere's <c>p</c> range (v2 chat request: "min value of 0.01, max value of 0.99").</summary>
    public const double MinP = 0.01, MaxP = 0.99;

    /// <summary>Cohere's <c>k</c> range (v2 chat request: "min value of 0, max value of 500"; 0 turns k off).</summary>
    public const int MaxK = 500;

    // p and k are written by WriteChatBody itself: Cohere's ranges are narrower than OpenAI's.
    private static readonly SamplingFields Sampling = new("max_tokens", "temperature", null, null, "stop_sequences");

    public static void WriteChatBody(Utf8JsonWriter writer, LlmRequest request, string model)
    {
        if (request.N != 1)
        {
            throw ServingException.Invalid($"Cohere answers one choice per query; n={request.N} is not supported.");
        }

        var prompt = request.Task == LlmTask.Completions ? PromptByPrompt.Single(request, "Cohere") : null;
        var tools = request.Tools is { Count: > 0 } given ? given : null;
        var choice = tools is null ? null : ToolChoice.Read(request.ToolChoice);
        var (toolCount, strict) = tools is null ? (0, false) : Survey(tools, choice);
        if (choice is { Mode: ToolChoiceMode.Function } wanted && toolCount == 0)
        {
            throw ServingException.Invalid($"tool_choice names function '{wanted.Name}', which is not among the tools.");
        }

        var extra = request.ExtraParams;
        writer.WriteStartObject();
        if (!ExtraSets(extra, "model"))
        {
            writer.WriteString("model"u8, model);
        }

        if (!ExtraSets(extra, "messages"))
        {
            WriteMessages(writer, request, prompt);
        }

        Sampling.WriteTo(writer, request, extra);

        // OpenAI's top_p is 0–1 and 1 (no cut) is the usual default; Cohere refuses p outside
        // 0.01–0.99, so p is clamped to the nearest value Cohere takes. k above 500 is clamped to 500.
        if (request.TopP is { } topP && !ExtraSets(extra, "p"))
        {
            writer.WriteNumber("p"u8, Math.Clamp(topP, MinP, MaxP));
        }

        if (request.TopK is { } topK && !ExtraSets(extra, "k"))
        {
            writer.WriteNumber("k"u8, Math.Min(topK, MaxK));
        }

        if (request.Seed is { } seed && !ExtraSets(extra, "seed"))
        {
            writer.WriteNumber("seed"u8, seed);
        }

        if (tools is not null)
        {
            WriteTools(writer, tools, choice, strict, extra);
        }

        if (request.Stream && !ExtraSets(extra, "stream"))
        {
            writer.WriteBoolean("stream"u8, true);
        }

        WriteExtra(writer, extra);
        writer.WriteEndObject();
    }

    public static void WriteEmbedBody(Utf8JsonWriter writer, LlmRequest request, string model)
    {
        var inputType = CohereWire.InputType(request);
        var extra = request.ExtraParams;
        writer.WriteStartObject();
        if (!ExtraSets(extra, "model"))
        {
            writer.WriteString("model"u8, model);
        }

        if (!ExtraSets(extra, "texts"))
        {
            WriteStrings(writer, "texts"u8, request.Inputs);
        }

        if (!ExtraSets(extra, "input_type"))
        {
            writer.WriteString("input_type"u8, inputType);
        }

        if (!ExtraSets(extra, "embedding_types"))
        {
            writer.WriteStartArray("embedding_types"u8);
            writer.WriteStringValue("float"u8);
            writer.WriteEndArray();
        }

        WriteExtra(writer, extra);
        writer.WriteEndObject();
    }

    private static void WriteMessages(Utf8JsonWriter writer, LlmRequest request, string? prompt)
    {
        writer.WriteStartArray("messages"u8);
        if (prompt is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, ChatRoles.User);
            writer.WriteString("content"u8, prompt);
            writer.WriteEndObject();
        }
        else
        {
            foreach (var message in request.Messages)
            {
                WriteMessage(writer, message);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, message.Role);
        if (message.Content is not null)
        {
            writer.WriteString("content"u8, message.Content);
        }

        if (message.ToolCalls is { } calls)
        {
            writer.WritePropertyName("tool_calls"u8);
            calls.WriteTo(writer);
        }

        if (message.ToolCallId is { } id)
        {
            writer.WriteString("tool_call_id"u8, id);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// How many tools go to Cohere and whether any is strict, known before writing: a named
    /// function missing from the tools is refused before any of the body is written, and
    /// <c>strict_tools</c> is a sibling of <c>tools</c>, not a part of it.
    /// </summary>
    private static (int Count, bool Strict) Survey(JsonArray tools, ToolChoice? choice)
    {
        var count = 0;
        var strict = false;
        foreach (var tool in tools)
        {
            if (Sent(tool, choice) is { } function)
            {
                count++;
                strict |= function["strict"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
            }
        }

        return (count, strict);
    }

    /// <summary>
    /// The function of <paramref name="tool"/> when it goes to Cohere: a named <c>tool_choice</c>
    /// becomes REQUIRED with that tool alone, since Cohere cannot name the tool to call.
    /// </summary>
    private static JsonObject? Sent(JsonNode? tool, ToolChoice? choice)
    {
        if (tool is not JsonObject || tool["function"] is not JsonObject function)
        {
            return null;
        }

        return choice is { Mode: ToolChoiceMode.Function } named && Name(function) != named.Name ? null : function;
    }

    private static string? Name(JsonObject function) => function["name"]?.GetValue<string>();

    /// <summary>
    /// OpenAI tools as Cohere's ToolV2 (type, and a function of name, description and a required
    /// <c>parameters</c> schema, given as an empty object schema when OpenAI's leaves it out).
    /// OpenAI's per-function <c>strict</c> becomes Cohere's request-wide <c>strict_tools</c>; a
    /// <c>tool_choice</c> becomes REQUIRED or NONE (Cohere's default is OpenAI's auto).
    /// </summary>
    private static void WriteTools(Utf8JsonWriter writer, JsonArray tools, ToolChoice? choice, bool strict, JsonObject? extra)
    {
        if (!ExtraSets(extra, "tools"))
        {
            writer.WriteStartArray("tools"u8);
            foreach (var tool in tools)
            {
                if (Sent(tool, choice) is { } function)
                {
                    WriteTool(writer, function);
                }
            }

            writer.WriteEndArray();
        }

        if (strict && !ExtraSets(extra, "strict_tools"))
        {
            writer.WriteBoolean("strict_tools"u8, true);
        }

        var cohereChoice = choice?.Mode switch
        {
            ToolChoiceMode.None => "NONE",
            ToolChoiceMode.Required or ToolChoiceMode.Function => "REQUIRED",
            _ => null,
        };
        if (cohereChoice is not null && !ExtraSets(extra, "tool_choice"))
        {
            writer.WriteString("tool_choice"u8, cohereChoice);
        }
    }

    private static void WriteTool(Utf8JsonWriter writer, JsonObject function)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "function"u8);
        writer.WriteStartObject("function"u8);
        if (Name(function) is { } name)
        {
            writer.WriteString("name"u8, name);
        }
        else
        {
            writer.WriteNull("name"u8);
        }

        writer.WritePropertyName("parameters"u8);
        WriteParameterSchema(writer, function["parameters"], withEmptyProperties: true);

        WriteIfPresent(writer, "description"u8, function["description"]);

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
