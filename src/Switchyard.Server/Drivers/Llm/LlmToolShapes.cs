using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// Checks the OpenAI tool fields of an LLM query (<c>tools</c>, <c>tool_choice</c>, a message's
/// <c>tool_calls</c>) down to the members the provider writers read. Each writer translates them
/// into its provider's words by indexing into them, so a tool that is a number, or a
/// <c>function</c> that is a list, must be refused here as the caller's mistake rather than
/// surface as a writer's exception.
/// </summary>
internal static class LlmToolShapes
{
    /// <summary><c>[{"type": "function", "function": {"name", "description"?, "parameters"?}}]</c>, or Anthropic's flat tools.</summary>
    public static void CheckTools(JsonArray tools, List<string> errors)
    {
        for (var i = 0; i < tools.Count; i++)
        {
            var path = $"tools[{i}]";
            if (tools[i] is not JsonObject tool)
            {
                errors.Add($"{path} must be an object: {{\"type\": \"function\", \"function\": {{…}}}}.");
                continue;
            }

            var function = tool["function"] is null ? tool : Object(tool, "function", path, errors);
            if (function is null)
            {
                continue;
            }

            var at = ReferenceEquals(function, tool) ? path : $"{path}.function";
            String(function, "name", at, errors);
            String(function, "description", at, errors);
            Object(function, "parameters", at, errors);
        }
    }

    /// <summary><c>[{"id", "type", "function": {"name", "arguments"}}]</c> of an assistant message.</summary>
    public static void CheckToolCalls(JsonArray calls, string path, List<string> errors)
    {
        for (var i = 0; i < calls.Count; i++)
        {
            var at = $"{path}.tool_calls[{i}]";
            if (calls[i] is not JsonObject call)
            {
                errors.Add($"{at} must be an object: {{\"id\", \"type\": \"function\", \"function\": {{\"name\", \"arguments\"}}}}.");
                continue;
            }

            String(call, "id", at, errors);
            if (Object(call, "function", at, errors) is { } function)
            {
                String(function, "name", $"{at}.function", errors);
                String(function, "arguments", $"{at}.function", errors);
            }
        }
    }

    /// <summary>"auto", "required", "none", or <c>{"type": "function", "function": {"name"}}</c>.</summary>
    public static void CheckToolChoice(JsonNode? choice, List<string> errors)
    {
        switch (choice)
        {
            case null:
            case JsonValue value when value.GetValueKind() is JsonValueKind.String or JsonValueKind.Null:
                return;
            case JsonObject named:
                if (Object(named, "function", "tool_choice", errors) is { } function)
                {
                    String(function, "name", "tool_choice.function", errors);
                }

                return;
            default:
                errors.Add("tool_choice must be \"auto\", \"required\", \"none\" or {\"type\": \"function\", \"function\": {\"name\": …}}.");
                return;
        }
    }

    private static JsonObject? Object(JsonObject parent, string field, string path, List<string> errors)
    {
        var node = parent[field];
        if (node is null or JsonObject)
        {
            return (JsonObject?)node;
        }

        errors.Add($"{path}.{field} must be an object.");
        return null;
    }

    private static void String(JsonObject parent, string field, string path, List<string> errors)
    {
        if (parent[field] is { } node && node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add($"{path}.{field} must be a string.");
        }
    }
}
