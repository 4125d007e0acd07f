using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Providers;

/// <summary>What an OpenAI <c>tool_choice</c> asks for.</summary>
internal enum ToolChoiceMode
{
    /// <summary>The model decides (<c>"auto"</c>, and the default).</summary>
    Auto,

    /// <summary>The model calls no tool (<c>"none"</c>).</summary>
    None,

    /// <summary>The model calls at least one tool (<c>"required"</c>).</summary>
    Required,

    /// <summary>The model calls the one named function (<c>{"type":"function","function":{"name":…}}</c>).</summary>
    Function,
}

/// <summary>
/// An OpenAI <c>tool_choice</c> read once, so that Cohere, Gemini and Converse each write it in
/// their own words; a shape OpenAI does not define is refused as the caller's mistake.
/// </summary>
internal readonly record struct ToolChoice(ToolChoiceMode Mode, string? Name)
{
    /// <summary>The choice <paramref name="node"/> makes, or null when the query leaves it to the model.</summary>
    public static ToolChoice? Read(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>() switch
                {
                    "auto" => new ToolChoice(ToolChoiceMode.Auto, null),
                    "none" => new ToolChoice(ToolChoiceMode.None, null),
                    "required" => new ToolChoice(ToolChoiceMode.Required, null),
                    var other => throw ServingException.Invalid($"tool_choice '{other}' is not one of auto, none, required."),
                };
            case JsonObject choice when FunctionName(choice) is { } name:
                return new ToolChoice(ToolChoiceMode.Function, name);
            default:
                throw ServingException.Invalid("tool_choice must be auto, none, required or {\"type\": \"function\", \"function\": {\"name\": …}}.");
        }
    }

    private static string? FunctionName(JsonObject choice) =>
        choice["function"] is JsonObject function && function["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
            ? name.GetValue<string>()
            : null;
}
