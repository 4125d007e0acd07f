using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Testing.Providers;

/// <summary>
/// Anthropic's Messages API on loopback: <c>POST {BaseUrl}/v1/messages</c>. Every request is held
/// to <see cref="AnthropicRequestRules"/> (the official SDK's types: headers, field names, types,
/// required fields, ranges); one that breaks them is refused with Anthropic's 400
/// <c>invalid_request_error</c> (401 for a missing key) and noted in
/// <see cref="ProviderStandIn.Violations"/>. Right ones get an answer whole or as the documented
/// event stream (message_start, content_block_*, message_delta, message_stop).
/// </summary>
public sealed class AnthropicStandIn : ProviderStandIn
{
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

        if (AnthropicRequestRules.CheckHeaders(request) is { } badHeader)
        {
            // Anthropic answers a missing key as an authentication error, any other header fault as a bad request.
            await RefuseAsync(context, badHeader.StartsWith("x-api-key", StringComparison.Ordinal) ? 401 : 400, badHeader);
            return;
        }

        if (request.Header("x-api-key") != ApiKey)
        {
            await WriteErrorAsync(context, 401, "invalid x-api-key");
            return;
        }

        if (request.Body is not { } body)
        {
            await RefuseAsync(context, 400, "request body must be JSON");
            return;
        }

        if (AnthropicRequestRules.CheckBody(body) is { } problem)
        {
            await RefuseAsync(context, 400, problem);
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
