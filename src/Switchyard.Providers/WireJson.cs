using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Providers;

/// <summary>Small JSON helpers the Cohere, Vertex AI and Bedrock translations share.</summary>
internal static class WireJson
{
    /// <summary>A provider's answer as a mutable tree the translations read; an answer that is not an object reads as empty.</summary>
    public static JsonObject ToObject(JsonDocument document) => JsonObject.Create(document.RootElement.Clone()) ?? [];

    /// <summary>Databricks <c>extra_params</c>: each field goes into the provider body as given, replacing ours.</summary>
    public static void MergeExtra(JsonObject body, JsonObject? extra)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var (name, value) in extra)
        {
            body[name] = value?.DeepClone();
        }
    }

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(static s => JsonValue.Create(s))]);

    public static float[] Floats(JsonArray? values)
    {
        if (values is null)
        {
            return [];
        }

        var vector = new float[values.Count];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(values[i]?.GetValue<double>() ?? 0);
        }

        return vector;
    }

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

    /// <summary>One tool call in the OpenAI shape, its arguments as a JSON string.</summary>
    public static JsonObject OpenAiToolCall(string id, string name, JsonNode? input, int? index = null) =>
        OpenAiToolCallOfArguments(id, name, input?.ToJsonString() ?? "{}", index);

    /// <summary>One tool call in the OpenAI shape, its arguments already written as a JSON string.</summary>
    public static JsonObject OpenAiToolCallOfArguments(string id, string name, string arguments, int? index = null)
    {
        var call = new JsonObject
        {
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
        };
        if (index is { } i)
        {
            call["index"] = i;
        }

        return call;
    }
}
