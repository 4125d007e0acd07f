using System.Text.Json.Nodes;
using static Switchyard.Testing.Providers.WireRules;

namespace Switchyard.Testing.Providers;

/// <summary>
/// What OpenAI's API definition (openai-openapi, <c>openapi.yaml</c>) requires of a request body
/// sent to <c>/chat/completions</c>, <c>/completions</c> and <c>/embeddings</c>, written from its
/// schemas: field names, types, required fields, enums and ranges. <see cref="Check"/> answers
/// the first violation, or null. The OpenAI stand-in refuses a violating request with OpenAI's 400,
/// so every test that talks to it is also a conformance check.
/// </summary>
public static class OpenAiRequestRules
{
    public const string Chat = "chat/completions";
    public const string Completions = "completions";
    public const string Embeddings = "embeddings";

    // openapi.yaml CreateChatCompletionRequest.properties, with CreateModelResponseProperties and ModelResponseProperties it extends.
    private static readonly HashSet<string> ChatFields =
    [
        "messages", "model", "service_tier", "modalities", "verbosity", "reasoning_effort", "max_completion_tokens",
        "frequency_penalty", "presence_penalty", "web_search_options", "top_logprobs", "response_format", "audio", "store",
        "moderation", "stream", "stop", "logit_bias", "logprobs", "max_tokens", "n", "prediction", "seed", "stream_options",
        "tools", "tool_choice", "parallel_tool_calls", "function_call", "functions",
        "metadata", "temperature", "top_p", "user", "safety_identifier", "prompt_cache_key", "prompt_cache_retention", "prompt_cache_options",
    ];

    // openapi.yaml CreateCompletionRequest.properties.
    private static readonly HashSet<string> CompletionFields =
    [
        "model", "prompt", "best_of", "echo", "frequency_penalty", "logit_bias", "logprobs", "max_tokens", "n",
        "presence_penalty", "seed", "stop", "stream", "stream_options", "suffix", "temperature", "top_p", "user",
    ];

    // openapi.yaml CreateEmbeddingRequest.properties (additionalProperties: false).
    private static readonly HashSet<string> EmbeddingFields = ["input", "model", "encoding_format", "dimensions", "user"];

    // openapi.yaml ChatCompletionRequestMessage: the discriminator role's values.
    private static readonly HashSet<string> Roles = ["developer", "system", "user", "assistant", "tool", "function"];

    /// <summary>
    /// The first violation of <paramref name="body"/> sent to <paramref name="operation"/>, or null.
    /// <paramref name="modelInUrl"/>: the URL names the model (Azure deployments, Databricks endpoints),
    /// so <c>model</c> is not required. <paramref name="extensions"/>: fields a compatible server takes
    /// beyond OpenAI's (vLLM's <c>top_k</c>, say), allowed where the stand-in plays such a server.
    /// </summary>
    public static string? Check(string operation, JsonObject body, bool modelInUrl = false, IReadOnlySet<string>? extensions = null)
    {
        var known = operation switch
        {
            Chat => ChatFields,
            Completions => CompletionFields,
            Embeddings => EmbeddingFields,
            _ => null,
        };
        if (known is null)
        {
            return $"no operation {operation}";
        }

        foreach (var (name, _) in body)
        {
            if (!known.Contains(name) && extensions?.Contains(name) != true)
            {
                return $"Unrecognized request argument supplied: {name}";
            }
        }

        // CreateChatCompletionRequest / CreateCompletionRequest / CreateEmbeddingRequest .required: model.
        if (!modelInUrl && RequiredString(body, "model") is { } model)
        {
            return model;
        }

        return operation switch
        {
            Chat => CheckChat(body),
            Completions => CheckCompletion(body),
            _ => CheckEmbedding(body),
        };
    }

    /// <summary>
    /// What OpenAI's reasoning models add: CreateChatCompletionRequest.max_tokens is deprecated and
    /// "not compatible with o-series models", which refuse it for max_completion_tokens.
    /// </summary>
    public static string? CheckModelLimits(JsonObject body) =>
        Text(body["model"]) is { } model && IsReasoningModel(model) && body.ContainsKey("max_tokens")
            ? "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
            : null;

    /// <summary>o1, o3, o4-mini…: the o-series the definition names.</summary>
    public static bool IsReasoningModel(string model) =>
        model.Length >= 2 && model[0] == 'o' && char.IsAsciiDigit(model[1]);

    private static string? CheckChat(JsonObject body) => First(
        CheckMessages(body),
        Sampling(body),
        // CreateChatCompletionRequest.max_tokens, .max_completion_tokens: integer, nullable.
        Integer(body, "max_tokens", 0, int.MaxValue),
        Integer(body, "max_completion_tokens", 0, int.MaxValue),
        // .top_logprobs: 0 to 20; .logprobs: boolean.
        Integer(body, "top_logprobs", 0, 20),
        OptionalBool(body, "logprobs"),
        OptionalBool(body, "parallel_tool_calls", nullable: false),
        CheckTools(body),
        CheckToolChoice(body));

    private static string? CheckCompletion(JsonObject body) => First(
        // CreateCompletionRequest.prompt: required; a string or a non-empty array (of strings or tokens).
        body["prompt"] switch
        {
            JsonValue value when IsString(value) => null,
            JsonArray { Count: > 0 } => null,
            _ => "prompt: a string or a non-empty array is required",
        },
        Sampling(body),
        // CreateCompletionRequest.max_tokens: integer, minimum 0; .logprobs: integer 0 to 5; .best_of: 0 to 20.
        Integer(body, "max_tokens", 0, int.MaxValue),
        Integer(body, "logprobs", 0, 5),
        Integer(body, "best_of", 0, 20),
        OptionalBool(body, "echo"),
        IsNull(body["suffix"]) || IsString(body["suffix"]) ? null : "suffix: must be a string");

    private static string? CheckEmbedding(JsonObject body) => First(
        // CreateEmbeddingRequest.input: required; a string or an array of 1 to 2048 items.
        body["input"] switch
        {
            JsonValue value when IsString(value) => null,
            JsonArray { Count: > 0 and <= 2048 } => null,
            _ => "input: a string or an array of 1 to 2048 items is required",
        },
        // .encoding_format: float or base64; .dimensions: integer, minimum 1.
        Enum(body, "encoding_format", "float", "base64"),
        Integer(body, "dimensions", 1, int.MaxValue, nullable: false));

    /// <summary>The sampling fields chat and completions share, with the ranges the definition gives both.</summary>
    private static string? Sampling(JsonObject body) => First(
        // ModelResponseProperties.temperature: 0 to 2; .top_p: 0 to 1.
        Number(body, "temperature", 0, 2),
        Number(body, "top_p", 0, 1),
        // .n: 1 to 128; .frequency_penalty, .presence_penalty: -2 to 2; .seed: integer.
        Integer(body, "n", 1, 128),
        Number(body, "frequency_penalty", -2, 2),
        Number(body, "presence_penalty", -2, 2),
        Integer(body, "seed", long.MinValue, long.MaxValue),
        OptionalBool(body, "stream"),
        CheckStop(body),
        CheckStreamOptions(body));

    // StopConfiguration: null, a string, or an array of 1 to 4 strings.
    private static string? CheckStop(JsonObject body) => body["stop"] switch
    {
        null => null,
        JsonValue value when IsString(value) || IsNull(value) => null,
        JsonArray { Count: >= 1 and <= 4 } list when list.All(IsString) => null,
        _ => "stop: must be a string or an array of 1 to 4 strings",
    };

    // ChatCompletionStreamOptions: an object of booleans (include_usage, include_obfuscation), set only with stream: true.
    private static string? CheckStreamOptions(JsonObject body)
    {
        if (IsNull(body["stream_options"]))
        {
            return null;
        }

        if (body["stream_options"] is not JsonObject options)
        {
            return "stream_options: must be an object";
        }

        if (body["stream"]?.GetValueKind() != System.Text.Json.JsonValueKind.True)
        {
            return "stream_options: only allowed when stream is true";
        }

        return First(
            UnknownField(options, new HashSet<string> { "include_usage", "include_obfuscation" }, "stream_options."),
            OptionalBool(options, "include_usage", nullable: false),
            OptionalBool(options, "include_obfuscation", nullable: false));
    }

    // CreateChatCompletionRequest.messages: required, minItems 1, each a ChatCompletionRequestMessage.
    private static string? CheckMessages(JsonObject body)
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return "messages: a non-empty array is required";
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var path = $"messages[{i}]";
            if (messages[i] is not JsonObject message)
            {
                return $"{path}: must be an object";
            }

            var role = Text(message["role"]);
            if (role is null || !Roles.Contains(role))
            {
                return $"{path}.role: '{role}' is not one of {string.Join(", ", Roles)}";
            }

            if (CheckMessage(message, role, path) is { } violation)
            {
                return violation;
            }
        }

        return null;
    }

    private static string? CheckMessage(JsonObject message, string role, string path)
    {
        // ChatCompletionRequest{System,Developer,User,Tool}Message.required: content — a string or a non-empty array of parts.
        // ChatCompletionRequestAssistantMessage.content: the same, or null (with tool_calls).
        var content = message["content"];
        var contentOk = content switch
        {
            JsonValue value when IsString(value) => true,
            JsonArray { Count: > 0 } parts => parts.All(part => part is JsonObject { } p && IsString(p["type"])),
            _ => role == "assistant" && IsNull(content),
        };
        if (!contentOk)
        {
            return $"{path}.content: must be a string or a non-empty array of content parts{(role == "assistant" ? ", or null" : "")}";
        }

        if (role == "assistant" && IsNull(content) && message["tool_calls"] is null && message["function_call"] is null)
        {
            return $"{path}: an assistant message needs content or tool_calls";
        }

        if (OptionalString(message, "name", path + ".") is { } name)
        {
            return name;
        }

        // ChatCompletionRequestToolMessage.required: tool_call_id.
        if (role == "tool" && RequiredString(message, "tool_call_id", path + ".") is { } toolCallId)
        {
            return toolCallId;
        }

        if (role != "assistant" && message.ContainsKey("tool_calls"))
        {
            return $"{path}.tool_calls: only assistant messages have tool calls";
        }

        return message["tool_calls"] is { } calls ? CheckToolCalls(calls, path + ".tool_calls") : null;
    }

    // ChatCompletionMessageToolCall: id, type "function", function {name, arguments (a string)} all required.
    private static string? CheckToolCalls(JsonNode calls, string path)
    {
        if (calls is not JsonArray list)
        {
            return $"{path}: must be an array";
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject call || !IsString(call["id"]) || Text(call["type"]) != "function"
                || call["function"] is not JsonObject function || !IsString(function["name"]) || !IsString(function["arguments"]))
            {
                return $"{path}[{i}]: needs id, type \"function\" and function {{name, arguments as a string}}";
            }
        }

        return null;
    }

    // CreateChatCompletionRequest.tools: ChatCompletionTool — type "function", function (FunctionObject: name required, parameters an object).
    private static string? CheckTools(JsonObject body)
    {
        if (!body.ContainsKey("tools"))
        {
            return null;
        }

        if (body["tools"] is not JsonArray tools)
        {
            return "tools: must be an array";
        }

        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not JsonObject tool || Text(tool["type"]) is not ("function" or "custom"))
            {
                return $"tools[{i}].type: must be function or custom";
            }

            if (Text(tool["type"]) == "function"
                && (tool["function"] is not JsonObject function || !IsString(function["name"]) || function["parameters"] is not (null or JsonObject)))
            {
                return $"tools[{i}].function: needs a name and, if any, parameters as an object";
            }
        }

        return null;
    }

    // ChatCompletionToolChoiceOption: none, auto, required, or a named tool {type: function, function: {name}} (or allowed_tools, custom).
    private static string? CheckToolChoice(JsonObject body) => body["tool_choice"] switch
    {
        null => null,
        JsonValue value when Text(value) is "none" or "auto" or "required" => null,
        JsonObject { } choice when Text(choice["type"]) == "function" && choice["function"] is JsonObject f && IsString(f["name"]) => null,
        JsonObject { } choice when Text(choice["type"]) is "allowed_tools" or "custom" => null,
        _ => "tool_choice: must be none, auto, required or {type: function, function: {name}}",
    };
}
