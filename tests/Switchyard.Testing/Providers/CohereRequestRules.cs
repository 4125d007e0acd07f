using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Testing.Providers;

/// <summary>
/// What Cohere's <c>POST /v2/chat</c> accepts, written from cohere-python's v2 definition
/// (<c>src/cohere/v2/client.py</c> <c>chat</c> parameters and docs, <c>src/cohere/types/tool_v2*.py</c>,
/// <c>src/cohere/v2/types/v2chat_request_tool_choice.py</c>); each broken rule is one line. The
/// stand-in answers Cohere's 400 <c>{"message": …}</c> listing them.
/// </summary>
public static class CohereRequestRules
{
    // The body fields of v2 chat (client.py, chat's keyword parameters; request_options is client-side).
    private static readonly string[] ChatFields =
        ["model", "messages", "stream", "tools", "strict_tools", "documents", "citation_options", "response_format", "safety_mode",
         "max_tokens", "stop_sequences", "temperature", "seed", "frequency_penalty", "presence_penalty", "k", "p", "logprobs",
         "tool_choice", "thinking", "priority"];

    private static readonly string[] Roles = ["system", "user", "assistant", "tool"];

    // ToolV2Function: name (required), description, parameters (required).
    private static readonly string[] FunctionFields = ["name", "description", "parameters"];

    /// <summary>Every rule the chat <paramref name="body"/> breaks; empty when Cohere would take it.</summary>
    public static List<string> CheckChat(JsonObject body)
    {
        var problems = new List<string>();
        foreach (var (name, _) in body)
        {
            if (!ChatFields.Contains(name))
            {
                problems.Add($"invalid request: unknown field '{name}'");
            }
        }

        if (body["model"] is not JsonValue model || model.GetValueKind() != JsonValueKind.String)
        {
            problems.Add("invalid request: model is required");
        }

        CheckMessages(body["messages"], problems);

        // temperature: "A non-negative float".
        CheckNumber(body, "temperature", 0, double.MaxValue, problems);

        // p: "min value of 0.01, max value of 0.99".
        CheckNumber(body, "p", 0.01, 0.99, problems);

        // k: "min value of 0, max value of 500" (an int).
        CheckNumber(body, "k", 0, 500, problems, integer: true);
        CheckNumber(body, "max_tokens", 1, int.MaxValue, problems, integer: true);
        CheckNumber(body, "seed", long.MinValue, long.MaxValue, problems, integer: true);

        // stop_sequences: "A list of up to 5 strings".
        if (body["stop_sequences"] is { } stops
            && (stops is not JsonArray list || list.Count > 5 || list.Any(static s => s?.GetValueKind() != JsonValueKind.String)))
        {
            problems.Add("invalid request: stop_sequences must be a list of up to 5 strings");
        }

        CheckTools(body, problems);
        return problems;
    }

    /// <summary>What <c>POST /v2/embed</c> needs: texts, an EmbedInputType, float among the embedding types.</summary>
    public static List<string> CheckEmbed(JsonObject body)
    {
        var problems = new List<string>();
        if (body["model"] is not JsonValue model || model.GetValueKind() != JsonValueKind.String)
        {
            problems.Add("invalid request: model is required");
        }

        // texts: "Maximum number of texts per call is 96".
        if (body["texts"] is not JsonArray { Count: > 0 and <= 96 })
        {
            problems.Add("texts must be a non-empty array of at most 96 strings");
        }

        // input_type: EmbedInputType (required for embed v3 and later).
        if (body["input_type"]?.GetValue<string>() is not ("search_document" or "search_query" or "classification" or "clustering" or "image"))
        {
            problems.Add("input_type is required for embed v3 models and must be an EmbedInputType");
        }

        if (body["embedding_types"] is not JsonArray types || !types.Any(static t => t?.GetValue<string>() == "float"))
        {
            problems.Add("embedding_types must include float");
        }

        return problems;
    }

    /// <summary>ChatMessages: a non-empty list; each role one of the four; a tool message answers a tool_call_id.</summary>
    private static void CheckMessages(JsonNode? node, List<string> problems)
    {
        if (node is not JsonArray { Count: > 0 } messages)
        {
            problems.Add("invalid request: messages must be a non-empty array");
            return;
        }

        foreach (var message in messages)
        {
            var role = message?["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : null;
            if (role is null || !Roles.Contains(role))
            {
                problems.Add("invalid request: each message needs a role: system, user, assistant or tool");
            }
            else if (role == "tool" && message?["tool_call_id"] is not JsonValue)
            {
                problems.Add("invalid request: a tool message needs tool_call_id");
            }
            else if (role is "system" or "user" && message?["content"] is null)
            {
                problems.Add($"invalid request: a {role} message needs content");
            }
        }
    }

    /// <summary>
    /// tools: ToolV2 items of type function whose function has a name and a parameters schema and
    /// nothing else; tool_choice (V2ChatRequestToolChoice) REQUIRED or NONE, and only with tools.
    /// </summary>
    private static void CheckTools(JsonObject body, List<string> problems)
    {
        if (body["tools"] is { } node)
        {
            if (node is not JsonArray tools)
            {
                problems.Add("invalid request: tools must be an array");
                return;
            }

            foreach (var tool in tools)
            {
                if (tool?["type"]?.GetValue<string>() != "function" || tool["function"] is not JsonObject function)
                {
                    problems.Add("invalid request: each tool must be {type: function, function: {…}}");
                    continue;
                }

                foreach (var (name, _) in function)
                {
                    if (!FunctionFields.Contains(name))
                    {
                        problems.Add($"invalid request: unknown field '{name}' in tools.function");
                    }
                }

                if (function["name"] is not JsonValue functionName || functionName.GetValueKind() != JsonValueKind.String)
                {
                    problems.Add("invalid request: tools.function.name is required");
                }

                if (function["parameters"] is not JsonObject)
                {
                    problems.Add("invalid request: tools.function.parameters is required and must be an object");
                }
            }
        }

        if (body["tool_choice"] is { } choice)
        {
            if (choice.GetValueKind() != JsonValueKind.String || choice.GetValue<string>() is not ("REQUIRED" or "NONE"))
            {
                problems.Add("invalid request: tool_choice must be REQUIRED or NONE");
            }
            else if (body["tools"] is not JsonArray { Count: > 0 })
            {
                problems.Add("invalid request: tool_choice needs tools");
            }
        }
    }

    private static void CheckNumber(JsonObject body, string field, double min, double max, List<string> problems, bool integer = false)
    {
        if (body[field] is not { } node)
        {
            return;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            problems.Add($"invalid request: {field} must be a number");
            return;
        }

        var value = node.GetValue<double>();
        if (integer && value != Math.Floor(value))
        {
            problems.Add($"invalid request: {field} must be an integer");
        }
        else if (value < min || value > max)
        {
            problems.Add($"invalid request: {field} must be between {min} and {max}, inclusive");
        }
    }
}
