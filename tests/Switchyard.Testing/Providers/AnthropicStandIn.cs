using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Testing.Providers;

/// <summary>
/// Anthropic's Messages API on loopback: <c>POST {BaseUrl}/v1/messages</c> with <c>x-api-key</c>,
/// <c>anthropic-version</c> and a JSON body that has <c>model</c>, <c>max_tokens</c> and
/// <c>messages</c> of user/assistant turns only (system text belongs in <c>system</c>), Anthropic
/// tools (<c>input_schema</c>), and no field Anthropic lacks (<c>n</c>, <c>stop</c>, …). Wrong
/// requests get 400/401 in Anthropic's error shape; right ones an answer whole or as the
/// documented event stream (message_start, content_block_*, message_delta, message_stop).
/// </summary>
public sealed class AnthropicStandIn : ProviderStandIn
{
    // Top-level fields the Messages API takes; anything else is refused as Anthropic does.
    private static readonly HashSet<string> KnownFields =
    [
        "model", "max_tokens", "messages", "system", "stop_sequences", "temperature", "top_p", "top_k",
        "stream", "tools", "tool_choice", "metadata", "thinking", "service_tier",
    ];

    private AnthropicStandIn()
    {
    }

    /// <summary>The base URL a client is pointed at (<c>ExternalModels:BaseUrls:anthropic</c>); the same as <see cref="ProviderStandIn.Root"/>.</summary>
    public string BaseUrl => Root;

    public string ApiKey { get; set; } = "sk-ant-standin-0123456789";

    /// <summary>A stop reason every answer ends with instead of the one the reply earns (pause_turn, say).</summary>
    public string? StopReason { get; set; }

    /// <summary>Prompt tokens every answer reports as written to the prompt cache (<c>cache_creation_input_tokens</c>).</summary>
    public int CacheCreationTokens { get; set; }

    /// <summary>Prompt tokens every answer reports as read from the prompt cache (<c>cache_read_input_tokens</c>).</summary>
    public int CacheReadTokens { get; set; }

    /// <summary>The error type of the event <see cref="ProviderStandIn.ErrorEventNext"/> sends.</summary>
    public string ErrorEventType { get; set; } = "overloaded_error";

    public static async Task<AnthropicStandIn> StartAsync()
    {
        var standIn = new AnthropicStandIn();
        await standIn.ListenAsync();
        return standIn;
    }

    protected override async Task AnswerAsync(HttpContext context, StandInRequest request)
    {
        if (request.Method != "POST" || request.Path != "/v1/messages")
        {
            await WriteErrorAsync(context, 404, $"Not found: {request.Method} {request.Path}");
            return;
        }

        if (request.Header("x-api-key") != ApiKey)
        {
            await WriteErrorAsync(context, 401, "invalid x-api-key");
            return;
        }

        if (request.Header("anthropic-version") is not { Length: > 0 })
        {
            await WriteErrorAsync(context, 400, "anthropic-version: header is required");
            return;
        }

        if (request.Body is not { } body || !(request.Header("content-type") ?? "").StartsWith("application/json", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, 400, "request body must be JSON");
            return;
        }

        if (Check(body) is { } problem)
        {
            await WriteErrorAsync(context, 400, problem);
            return;
        }

        if (body["stream"]?.GetValue<bool>() == true)
        {
            await StreamAsync(context, body);
            return;
        }

        var (text, stopReason, toolUse) = Say(body);
        var content = new JsonArray();
        if (text is not null)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = text });
        }

        if (toolUse is not null)
        {
            content.Add(toolUse);
        }

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["id"] = "msg_standin",
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = body["model"]!.GetValue<string>(),
            ["content"] = content,
            ["stop_reason"] = stopReason,
            ["stop_sequence"] = null,
            ["usage"] = Usage(InputWords(body), Words(text)),
        });
    }

    private JsonObject Usage(int input, int output) => new()
    {
        ["input_tokens"] = input,
        ["cache_creation_input_tokens"] = CacheCreationTokens,
        ["cache_read_input_tokens"] = CacheReadTokens,
        ["output_tokens"] = output,
    };

    protected override Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject
            {
                ["type"] = status switch
                {
                    400 => "invalid_request_error",
                    401 => "authentication_error",
                    402 => "billing_error",
                    403 => "permission_error",
                    404 => "not_found_error",
                    413 => "request_too_large",
                    429 => "rate_limit_error",
                    504 => "timeout_error",
                    529 => "overloaded_error",
                    _ => "api_error",
                },
                ["message"] = message,
            },
        });

    private static string? Check(JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (!KnownFields.Contains(name))
            {
                return $"{name}: Extra inputs are not permitted";
            }
        }

        if (body["model"] is not JsonValue)
        {
            return "model: Field required";
        }

        if (body["max_tokens"] is not JsonValue maxTokens || maxTokens.GetValue<int>() < 1)
        {
            return "max_tokens: Field required";
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return "messages: Field required";
        }

        if (body["system"] is not (null or JsonValue or JsonArray))
        {
            return "system: Input should be a valid string or list of text blocks";
        }

        var toolUses = new HashSet<string>();
        foreach (var message in messages)
        {
            var role = message?["role"]?.GetValue<string>();
            if (role is not ("user" or "assistant"))
            {
                return $"messages: Unexpected role \"{role}\". The Messages API accepts a top-level `system` parameter, not \"system\" as an input message role.";
            }

            if (message!["content"] is JsonArray blocks)
            {
                foreach (var block in blocks)
                {
                    switch (block?["type"]?.GetValue<string>())
                    {
                        case "tool_use" when role == "assistant" && block["input"] is JsonObject && block["id"] is JsonValue id:
                            toolUses.Add(id.GetValue<string>());
                            break;
                        case "tool_result" when role == "user" && block["tool_use_id"] is JsonValue useId && toolUses.Contains(useId.GetValue<string>()):
                        case "text" when block["text"] is JsonValue:
                            break;
                        default:
                            return $"messages: invalid content block {block?.ToJsonString()}";
                    }
                }
            }
            else if (message["content"] is not JsonValue)
            {
                return "messages: content must be a string or a list of blocks";
            }
        }

        if (body["tools"] is JsonArray tools)
        {
            foreach (var tool in tools)
            {
                if (tool?["name"] is not JsonValue || tool["input_schema"] is not JsonObject)
                {
                    return "tools: each tool needs name and input_schema";
                }
            }
        }

        if (body["tool_choice"] is { } choice && choice["type"]?.GetValue<string>() is not ("auto" or "any" or "tool" or "none"))
        {
            return "tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'";
        }

        return body["stop_sequences"] is not (null or JsonArray) ? "stop_sequences: Input should be a valid list" : null;
    }

    private (string? Text, string StopReason, JsonObject? ToolUse) Say(JsonObject body)
    {
        var messages = (JsonArray)body["messages"]!;
        var last = messages[^1]!;
        var lastIsToolResult = last["content"] is JsonArray blocks && blocks.Any(b => b?["type"]?.GetValue<string>() == "tool_result");
        if (body["tools"] is JsonArray { Count: > 0 } tools && !lastIsToolResult && body["tool_choice"]?["type"]?.GetValue<string>() != "none")
        {
            return ("Let me check.", "tool_use", new JsonObject
            {
                ["type"] = "tool_use",
                ["id"] = "toolu_standin_1",
                ["name"] = tools[0]!["name"]!.GetValue<string>(),
                ["input"] = new JsonObject { ["location"] = "Paris" },
            });
        }

        var text = lastIsToolResult
            ? $"The tool said: {((JsonArray)last["content"]!).First(b => b?["type"]?.GetValue<string>() == "tool_result")!["content"]}"
            : Reply;
        if (body["system"] is JsonValue system)
        {
            text = $"({system.GetValue<string>()}) {text}";
        }

        var stopReason = "end_turn";
        if (body["stop_sequences"] is JsonArray stops)
        {
            foreach (var stop in stops)
            {
                var at = text.IndexOf(stop!.GetValue<string>(), StringComparison.Ordinal);
                if (at >= 0)
                {
                    text = text[..at];
                    stopReason = "stop_sequence";
                }
            }
        }

        var limit = body["max_tokens"]!.GetValue<int>();
        if (Words(text) > limit)
        {
            text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(limit));
            stopReason = "max_tokens";
        }

        return (text, StopReason ?? stopReason, null);
    }

    private static int InputWords(JsonObject body) =>
        Words(body["system"]?.ToString()) + ((JsonArray)body["messages"]!).Sum(m => m?["content"] is JsonValue v ? Words(v.GetValue<string>()) : 1);

    private async Task StreamAsync(HttpContext context, JsonObject body)
    {
        var (text, stopReason, toolUse) = Say(body);
        var model = body["model"]!.GetValue<string>();
        await StartEventsAsync(context);
        await WriteEventAsync(context, "message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = "msg_standin",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = Usage(InputWords(body), 1),
            },
        }.ToJsonString());
        await WriteEventAsync(context, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        await WriteEventAsync(context, "ping", """{"type":"ping"}""");
        var words = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var delta = new JsonObject { ["type"] = "text_delta", ["text"] = i == 0 ? words[i] : " " + words[i] };
            await WriteEventAsync(context, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta }.ToJsonString());
            if (i == 0 && TakeErrorEvent())
            {
                var error = new JsonObject { ["type"] = ErrorEventType, ["message"] = ErrorEventType == "overloaded_error" ? "Overloaded" : $"stand-in {ErrorEventType}" };
                await WriteEventAsync(context, "error", new JsonObject { ["type"] = "error", ["error"] = error }.ToJsonString());
                return;
            }
        }

        await WriteEventAsync(context, "content_block_stop", """{"type":"content_block_stop","index":0}""");
        if (toolUse is not null)
        {
            var start = new JsonObject { ["type"] = "tool_use", ["id"] = toolUse["id"]!.GetValue<string>(), ["name"] = toolUse["name"]!.GetValue<string>(), ["input"] = new JsonObject() };
            await WriteEventAsync(context, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 1, ["content_block"] = start }.ToJsonString());
            foreach (var part in new[] { "{\"location\":", " \"Paris\"}" })
            {
                var delta = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = part };
                await WriteEventAsync(context, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 1, ["delta"] = delta }.ToJsonString());
            }

            await WriteEventAsync(context, "content_block_stop", """{"type":"content_block_stop","index":1}""");
        }

        await WriteEventAsync(context, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = Words(text) },
        }.ToJsonString());
        await WriteEventAsync(context, "message_stop", """{"type":"message_stop"}""");
    }
}
