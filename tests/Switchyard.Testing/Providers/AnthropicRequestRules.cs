using System.Text.Json.Nodes;
using static Switchyard.Testing.Providers.WireRules;

namespace Switchyard.Testing.Providers;

/// <summary>
/// What Anthropic's Messages API requires of <c>POST /v1/messages</c>, written from the types of its
/// official Python SDK (anthropic-sdk-python, <c>src/anthropic/types/</c>): the headers its client
/// sends, and the body's field names, types, required fields, enums and ranges.
/// <see cref="CheckHeaders"/> and <see cref="CheckBody"/> answer the first violation, or null. The
/// Anthropic stand-in refuses a violating request with Anthropic's 400 <c>invalid_request_error</c>.
/// </summary>
public static class AnthropicRequestRules
{
    /// <summary>The API version the SDK sends (_client.py default headers: anthropic-version).</summary>
    public const string ApiVersion = "2023-06-01";

    // message_create_params.py MessageCreateParamsBase, and stream from MessageCreateParams{Non,}Streaming.
    // (user_profile_id travels as a header, not in the body.)
    private static readonly HashSet<string> Fields =
    [
        "max_tokens", "messages", "model", "cache_control", "container", "inference_geo", "metadata", "output_config",
        "service_tier", "stop_sequences", "system", "temperature", "thinking", "tool_choice", "tools", "top_k", "top_p", "stream",
    ];

    // message_param.py MessageParam.content: the block types a message's content list may hold.
    private static readonly HashSet<string> BlockTypes =
    [
        "text", "image", "document", "search_result", "thinking", "redacted_thinking", "tool_use", "tool_result",
        "server_tool_use", "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result",
        "bash_code_execution_tool_result", "text_editor_code_execution_tool_result", "tool_search_tool_result",
        "container_upload", "mid_conv_system",
    ];

    // tool_param.py ToolParam: the fields of a custom (client) tool.
    private static readonly HashSet<string> ToolFields =
    [
        "input_schema", "name", "allowed_callers", "cache_control", "defer_loading", "description",
        "eager_input_streaming", "input_examples", "strict", "type",
    ];

    /// <summary>
    /// The headers: <c>x-api-key</c> (the SDK's api-key auth) and <c>anthropic-version</c> present,
    /// and a JSON body. Whether the key is the right one is the stand-in's 401, not a rule.
    /// </summary>
    public static string? CheckHeaders(StandInRequest request) => First(
        request.Header("x-api-key") is { Length: > 0 } ? null : "x-api-key: header is required",
        request.Header("anthropic-version") switch
        {
            null or "" => "anthropic-version: header is required",
            ApiVersion => null,
            var other => $"anthropic-version: unknown version '{other}'",
        },
        (request.Header("content-type") ?? "").StartsWith("application/json", StringComparison.Ordinal) ? null : "content-type: must be application/json");

    public static string? CheckBody(JsonObject body) => First(
        UnknownField(body, Fields) is { } unknown ? unknown.Replace("unknown field", "Extra inputs are not permitted", StringComparison.Ordinal) : null,
        // MessageCreateParamsBase: max_tokens, messages and model are Required.
        Integer(body, "max_tokens", 0, int.MaxValue, required: true, nullable: false),
        RequiredString(body, "model"),
        CheckMessages(body),
        CheckSystem(body),
        // .temperature: "Ranges from 0.0 to 1.0"; top_p likewise a probability; top_k an integer.
        Number(body, "temperature", 0, 1, nullable: false),
        Number(body, "top_p", 0, 1, nullable: false),
        Integer(body, "top_k", 0, int.MaxValue, nullable: false),
        // .stop_sequences: a list of strings; .stream: a boolean.
        body["stop_sequences"] switch
        {
            null => null,
            JsonArray stops when stops.All(IsString) => null,
            _ => "stop_sequences: must be a list of strings",
        },
        OptionalBool(body, "stream", nullable: false),
        // .service_tier: auto or standard_only; .metadata: MetadataParam {user_id}.
        Enum(body, "service_tier", "auto", "standard_only"),
        body["metadata"] switch
        {
            null => null,
            JsonObject metadata when UnknownField(metadata, new HashSet<string> { "user_id" }) is null => null,
            _ => "metadata: only user_id is allowed",
        },
        CheckTools(body),
        CheckToolChoice(body));

    // message_create_params.py .messages: Required; message_param.py MessageParam: role and content Required.
    private static string? CheckMessages(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages)
        {
            return "messages: Field required";
        }

        var toolUses = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var path = $"messages.{i}";
            if (messages[i] is not JsonObject message)
            {
                return $"{path}: must be an object";
            }

            if (UnknownField(message, new HashSet<string> { "role", "content" }, path + ".") is { } extra)
            {
                return extra;
            }

            // MessageParam.role: user, assistant, or system — and a system turn carries only
            // mid_conv_system blocks (mid_conversation_system_block_param.py); plain system text
            // belongs in the top-level system field.
            var role = Text(message["role"]);
            if (role is not ("user" or "assistant" or "system"))
            {
                return $"{path}.role: Input should be 'user', 'assistant' or 'system'";
            }

            switch (message["content"])
            {
                case JsonValue value when IsString(value):
                    if (role == "system")
                    {
                        return $"{path}: a system turn takes mid_conv_system blocks; system text belongs in the top-level system field";
                    }

                    break;
                case JsonArray blocks:
                    for (var b = 0; b < blocks.Count; b++)
                    {
                        if (CheckBlock(blocks[b], role, $"{path}.content.{b}", toolUses) is { } violation)
                        {
                            return violation;
                        }
                    }

                    break;
                default:
                    return $"{path}.content: Input should be a valid string or list of content blocks";
            }
        }

        return null;
    }

    private static string? CheckBlock(JsonNode? node, string role, string path, HashSet<string> toolUses)
    {
        if (node is not JsonObject block || Text(block["type"]) is not { } type || !BlockTypes.Contains(type))
        {
            return $"{path}.type: not a content block type";
        }

        if (role == "system" && type != "mid_conv_system")
        {
            return $"{path}: a system turn takes only mid_conv_system blocks";
        }

        switch (type)
        {
            // text_block_param.py: text and type Required.
            case "text":
                return RequiredString(block, "text", path + ".");
            // tool_use_block_param.py: id, name, input (an object) Required — an assistant's block.
            case "tool_use":
                if (role != "assistant" || !IsString(block["id"]) || !IsString(block["name"]) || block["input"] is not JsonObject)
                {
                    return $"{path}: tool_use needs id, name and input as an object, in an assistant turn";
                }

                toolUses.Add(block["id"]!.GetValue<string>());
                return null;
            // tool_result_block_param.py: tool_use_id Required; content a string or a list of blocks; it answers an earlier tool_use.
            case "tool_result":
                if (role != "user" || Text(block["tool_use_id"]) is not { } id)
                {
                    return $"{path}: tool_result needs tool_use_id, in a user turn";
                }

                if (!toolUses.Contains(id))
                {
                    return $"{path}: tool_result answers tool_use '{id}', which no earlier assistant turn made";
                }

                return block["content"] is null or JsonArray || IsString(block["content"]) ? null : $"{path}.content: must be a string or a list of blocks";
            default:
                return null;
        }
    }

    // .system: a string or a list of TextBlockParam.
    private static string? CheckSystem(JsonObject body) => body["system"] switch
    {
        null => null,
        JsonValue value when IsString(value) => null,
        JsonArray blocks when blocks.All(b => b is JsonObject o && Text(o["type"]) == "text" && IsString(o["text"])) => null,
        _ => "system: Input should be a valid string or list of text blocks",
    };

    // .tools: ToolUnionParam; a custom tool (tool_param.py) needs name and input_schema (an object).
    private static string? CheckTools(JsonObject body)
    {
        if (body["tools"] is null)
        {
            return null;
        }

        if (body["tools"] is not JsonArray tools)
        {
            return "tools: must be a list";
        }

        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not JsonObject tool || !IsString(tool["name"]))
            {
                return $"tools.{i}.name: Field required";
            }

            // Server tools (web search, bash…) name a dated type of their own; custom tools have none or "custom".
            if (tool["type"] is null || Text(tool["type"]) == "custom")
            {
                if (tool["input_schema"] is not JsonObject schema)
                {
                    return $"tools.{i}.input_schema: Field required";
                }

                if (schema["type"] is { } schemaType && Text(schemaType) != "object")
                {
                    return $"tools.{i}.input_schema.type: Input should be 'object'";
                }

                if (UnknownField(tool, ToolFields, $"tools.{i}.") is { } extra)
                {
                    return extra;
                }

                if (OptionalString(tool, "description", $"tools.{i}.") is { } description)
                {
                    return description;
                }
            }
        }

        return null;
    }

    // tool_choice_param.py: auto | any | tool (name Required) | none; the first three may add disable_parallel_tool_use.
    private static string? CheckToolChoice(JsonObject body)
    {
        if (body["tool_choice"] is null)
        {
            return null;
        }

        if (body["tool_choice"] is not JsonObject choice)
        {
            return "tool_choice: must be an object";
        }

        return Text(choice["type"]) switch
        {
            "auto" or "any" => UnknownField(choice, new HashSet<string> { "type", "disable_parallel_tool_use" }, "tool_choice."),
            "tool" => RequiredString(choice, "name", "tool_choice.") ?? UnknownField(choice, new HashSet<string> { "type", "name", "disable_parallel_tool_use" }, "tool_choice."),
            "none" => UnknownField(choice, new HashSet<string> { "type" }, "tool_choice."),
            _ => "tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'",
        };
    }
}
