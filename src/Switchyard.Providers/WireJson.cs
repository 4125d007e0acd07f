using System.Text.Json.Nodes;

namespace Switchyard.Providers;

/// <summary>Tool-call translations the Gemini and Bedrock writers and readers share.</summary>
internal static class WireJson
{
    /// <summary>An OpenAI <c>function.arguments</c> string parsed to an object (providers that take tool input as JSON).</summary>
    public static JsonNode ParseArguments(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(arguments) ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException)
        {
            throw Core.Errors.ServingException.Invalid("A tool call's function.arguments is not valid JSON.");
        }
    }

    /// <summary>
    /// One tool call in the OpenAI shape, its arguments already written as a JSON string; with an
    /// <paramref name="index"/>, first as OpenAI's stream gives it. An id or name the provider left
    /// out is JSON null.
    /// </summary>
    public static JsonObject OpenAiToolCall(string? id, string? name, string arguments, int? index = null)
    {
        var call = new JsonObject();
        if (index is { } i)
        {
            call["index"] = i;
        }

        call["id"] = id;
        call["type"] = "function";
        call["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments };
        return call;
    }

    /// <summary>A streamed piece of a tool call's arguments, addressed by the call's OpenAI index.</summary>
    public static JsonObject OpenAiArgumentsDelta(int index, string arguments) => new()
    {
        ["index"] = index,
        ["function"] = new JsonObject { ["arguments"] = arguments },
    };
}
