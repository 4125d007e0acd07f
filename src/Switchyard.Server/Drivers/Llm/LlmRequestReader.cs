using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// Reads an LLM query body (the Databricks chat, completions and embeddings formats, which are
/// OpenAI's) into an <see cref="LlmRequest"/>. Every problem is collected and reported in one
/// INVALID_PARAMETER_VALUE naming each field. The task comes from the route when it fixes one
/// (the OpenAI-compatible paths), else from the body: <c>messages</c>, <c>prompt</c> or <c>input</c>.
/// </summary>
public static class LlmRequestReader
{
    public const int MaxChoices = 5;

    /// <summary>The task a body asks for by its fields, or null when it names none.</summary>
    public static LlmTask? TaskOf(JsonObject body) =>
        body.ContainsKey("messages") ? LlmTask.Chat
        : body.ContainsKey("prompt") ? LlmTask.Completions
        : body.ContainsKey("input") ? LlmTask.Embeddings
        : null;

    public static LlmRequest Read(JsonObject body, LlmTask task)
    {
        var errors = new List<string>();
        var request = new LlmRequest
        {
            Task = task,
            Messages = task == LlmTask.Chat ? ReadMessages(body, errors) : [],
            Prompts = task == LlmTask.Completions ? ReadStrings(body, "prompt", errors) : [],
            Inputs = task == LlmTask.Embeddings ? ReadStrings(body, "input", errors) : [],
            // OpenAI's newer clients (the .NET library among them) send max_completion_tokens instead.
            MaxTokens = (int?)(Integer(body, "max_tokens", 1, int.MaxValue, errors) ?? Integer(body, "max_completion_tokens", 1, int.MaxValue, errors)),
            MaxTokensAsCompletionTokens = IsAbsent(body, "max_tokens") && !IsAbsent(body, "max_completion_tokens"),
            Temperature = Number(body, "temperature", 0, 2, errors),
            TopP = Number(body, "top_p", 0, 1, errors),
            TopK = (int?)Integer(body, "top_k", 0, int.MaxValue, errors),
            N = (int?)Integer(body, "n", 1, MaxChoices, errors) ?? 1,
            Stop = ReadStop(body, errors),
            Stream = Bool(body, "stream", errors) ?? false,
            Seed = Integer(body, "seed", long.MinValue, long.MaxValue, errors),
            Tools = Node<JsonArray>(body, "tools", "an array", errors),
            ToolChoice = body["tool_choice"],
            ExtraParams = Node<JsonObject>(body, "extra_params", "an object", errors),
            Body = body,
        };

        if (request.Tools is { } tools)
        {
            LlmToolShapes.CheckTools(tools, errors);
        }

        LlmToolShapes.CheckToolChoice(request.ToolChoice, errors);
        if (task == LlmTask.Embeddings && request.Stream)
        {
            errors.Add("stream: embeddings cannot be streamed.");
        }

        if (errors.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", errors));
        }

        return request;
    }

    private static List<ChatMessage> ReadMessages(JsonObject body, List<string> errors)
    {
        var messages = new List<ChatMessage>();
        if (body["messages"] is not JsonArray list || list.Count == 0)
        {
            errors.Add("messages must be a non-empty array of {role, content} objects.");
            return messages;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var path = $"messages[{i}]";
            if (list[i] is not JsonObject message)
            {
                errors.Add($"{path} must be an object with role and content.");
                continue;
            }

            var role = message["role"]?.GetValueKind() == JsonValueKind.String ? message["role"]!.GetValue<string>() : null;
            if (role is not (ChatRoles.System or ChatRoles.User or ChatRoles.Assistant or ChatRoles.Tool or "developer"))
            {
                errors.Add($"{path}.role must be one of system, user, assistant, tool.");
                continue;
            }

            var toolCalls = Node<JsonArray>(message, "tool_calls", "an array", errors, path);
            if (toolCalls is not null)
            {
                LlmToolShapes.CheckToolCalls(toolCalls, path, errors);
            }

            var content = ReadContent(message["content"], path, errors);
            if (content is null && toolCalls is null)
            {
                errors.Add($"{path}.content is required: a string (or an array of text parts).");
            }

            var toolCallId = message["tool_call_id"]?.GetValueKind() == JsonValueKind.String ? message["tool_call_id"]!.GetValue<string>() : null;
            var name = message["name"]?.GetValueKind() == JsonValueKind.String ? message["name"]!.GetValue<string>() : null;
            // OpenAI's newer "developer" role is the system prompt under another name.
            messages.Add(new ChatMessage(role == "developer" ? ChatRoles.System : role, content, toolCalls, toolCallId, name));
        }

        return messages;
    }

    /// <summary>A string, or OpenAI's array of content parts of which the text parts are joined.</summary>
    private static string? ReadContent(JsonNode? content, string path, List<string> errors)
    {
        switch (content)
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            case JsonArray parts:
                var text = new System.Text.StringBuilder();
                foreach (var part in parts)
                {
                    if (part is JsonObject { } piece && piece["type"]?.ToString() == "text" && piece["text"]?.GetValueKind() == JsonValueKind.String)
                    {
                        text.Append(piece["text"]!.GetValue<string>());
                    }
                    else
                    {
                        errors.Add($"{path}.content: only text parts ({{\"type\": \"text\", \"text\": …}}) are served.");
                        return null;
                    }
                }

                return text.ToString();
            default:
                errors.Add($"{path}.content must be a string or an array of text parts.");
                return null;
        }
    }

    /// <summary>A string or a non-empty array of strings (<c>prompt</c>, <c>input</c>).</summary>
    private static List<string> ReadStrings(JsonObject body, string field, List<string> errors)
    {
        switch (body[field])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return [value.GetValue<string>()];
            case JsonArray { Count: > 0 } list when list.All(item => item?.GetValueKind() == JsonValueKind.String):
                return [.. list.Select(item => item!.GetValue<string>())];
            default:
                errors.Add($"{field} must be a string or a non-empty array of strings.");
                return [];
        }
    }

    private static List<string> ReadStop(JsonObject body, List<string> errors)
    {
        switch (body["stop"])
        {
            case null:
                return [];
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return [value.GetValue<string>()];
            case JsonValue value when value.GetValueKind() == JsonValueKind.Null:
                return [];
            case JsonArray list when list.All(item => item?.GetValueKind() == JsonValueKind.String && item.GetValue<string>().Length > 0):
                return [.. list.Select(item => item!.GetValue<string>())];
            default:
                errors.Add("stop must be a string or an array of non-empty strings.");
                return [];
        }
    }

    private static bool IsAbsent(JsonObject body, string field) =>
        body[field] is not { } node || node.GetValueKind() == JsonValueKind.Null;

    private static long? Integer(JsonObject body, string field, long min, long max, List<string> errors)
    {
        var node = body[field];
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<long>(out var value))
        {
            errors.Add($"{field} must be an integer.");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(max == int.MaxValue || max == long.MaxValue ? $"{field} must be at least {min}." : $"{field} must be between {min} and {max}.");
            return null;
        }

        return value;
    }

    private static double? Number(JsonObject body, string field, double min, double max, List<string> errors)
    {
        var node = body[field];
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            errors.Add($"{field} must be a number.");
            return null;
        }

        var value = node.GetValue<double>();
        if (value < min || value > max)
        {
            errors.Add($"{field} must be between {min} and {max}.");
            return null;
        }

        return value;
    }

    private static bool? Bool(JsonObject body, string field, List<string> errors)
    {
        var kind = body[field]?.GetValueKind();
        if (kind is null or JsonValueKind.Null)
        {
            return null;
        }

        if (kind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add($"{field} must be true or false.");
            return null;
        }

        return kind == JsonValueKind.True;
    }

    private static T? Node<T>(JsonObject body, string field, string what, List<string> errors, string? path = null)
        where T : JsonNode
    {
        var node = body[field];
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }

        if (node is not T typed)
        {
            errors.Add($"{(path is null ? "" : path + ".")}{field} must be {what}.");
            return null;
        }

        return typed;
    }
}
