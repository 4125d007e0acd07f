using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Testing.Providers;

/// <summary>
/// Cohere's v2 API on loopback: <c>POST /v2/chat</c> (whole, or typed SSE events when
/// <c>stream</c> is true) and <c>POST /v2/embed</c>, with a bearer key. Errors are Cohere's
/// <c>{"message": …}</c>.
/// </summary>
public sealed class CohereStandIn(string apiKey) : ProviderStandIn
{
    private static readonly string[] Roles = ["system", "user", "assistant", "tool"];

    private static readonly string[] ChatFields =
        ["model", "messages", "stream", "max_tokens", "temperature", "p", "k", "stop_sequences", "seed", "tools", "tool_choice",
         "frequency_penalty", "presence_penalty", "response_format", "documents", "safety_mode", "strict_tools"];

    /// <summary>Cohere's finish reason for the next answers.</summary>
    public string FinishReason { get; set; } = "COMPLETE";

    /// <summary>When set, chat answers call this tool (with arguments <c>{"city":"Paris"}</c>) instead of answering text.</summary>
    public string? CallTool { get; set; }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v2/chat", ChatAsync);
        app.MapPost("/v2/embed", EmbedAsync);
    }

    private async Task ChatAsync(HttpContext context)
    {
        var body = Requests.Last().Json;
        var problems = CheckCommon(context, body);
        if (body is not null)
        {
            CheckChat(body, problems);
        }

        if (await RejectAsync(context, problems))
        {
            return;
        }

        if (body!["stream"]?.GetValue<bool>() == true)
        {
            await StreamAsync(context);
            return;
        }

        var message = new JsonObject { ["role"] = "assistant" };
        if (CallTool is { } tool)
        {
            message["tool_plan"] = "I will call the tool.";
            message["tool_calls"] = new JsonArray(ToolCall(tool));
        }
        else
        {
            message["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Reply });
        }

        await WriteJsonAsync(context, new JsonObject
        {
            ["id"] = "cohere-chat-1",
            ["finish_reason"] = CallTool is null ? FinishReason : "TOOL_CALL",
            ["message"] = message,
            ["usage"] = Usage(),
        });
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await SendAsync(context, "message-start", new JsonObject
        {
            ["id"] = "cohere-chat-1",
            ["delta"] = new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray() } },
        });
        await SendAsync(context, "content-start", new JsonObject
        {
            ["index"] = 0,
            ["delta"] = new JsonObject { ["message"] = new JsonObject { ["content"] = new JsonObject { ["type"] = "text", ["text"] = "" } } },
        });
        foreach (var piece in ReplyPieces)
        {
            await SendAsync(context, "content-delta", new JsonObject
            {
                ["index"] = 0,
                ["delta"] = new JsonObject { ["message"] = new JsonObject { ["content"] = new JsonObject { ["text"] = piece } } },
            });
        }

        await SendAsync(context, "content-end", new JsonObject { ["index"] = 0 });
        await SendAsync(context, "message-end", new JsonObject
        {
            ["delta"] = new JsonObject { ["finish_reason"] = FinishReason, ["usage"] = Usage() },
        });
    }

    private static Task SendAsync(HttpContext context, string type, JsonObject data)
    {
        data["type"] = type;
        return WriteFlushedAsync(context, Encoding.UTF8.GetBytes($"event: {type}\ndata: {data.ToJsonString()}\n\n"));
    }

    private async Task EmbedAsync(HttpContext context)
    {
        var body = Requests.Last().Json;
        var problems = CheckCommon(context, body);
        if (body is not null)
        {
            if (body["texts"] is not JsonArray { Count: > 0 })
            {
                problems.Add("texts must be a non-empty array");
            }

            if (body["input_type"]?.GetValue<string>() is not ("search_document" or "search_query" or "classification" or "clustering"))
            {
                problems.Add("input_type is required for embed v3 models");
            }

            if (body["embedding_types"] is not JsonArray types || !types.Any(static t => t?.GetValue<string>() == "float"))
            {
                problems.Add("embedding_types must include float");
            }
        }

        if (await RejectAsync(context, problems))
        {
            return;
        }

        var texts = (JsonArray)body!["texts"]!;
        var vectors = new JsonArray();
        for (var i = 0; i < texts.Count; i++)
        {
            vectors.Add(new JsonArray(0.5 + i, -0.25, 0.125));
        }

        await WriteJsonAsync(context, new JsonObject
        {
            ["id"] = "cohere-embed-1",
            ["embeddings"] = new JsonObject { ["float"] = vectors },
            ["texts"] = texts.DeepClone(),
            ["meta"] = new JsonObject { ["billed_units"] = new JsonObject { ["input_tokens"] = InputTokens } },
            ["response_type"] = "embeddings_by_type",
        });
    }

    private List<string> CheckCommon(HttpContext context, JsonObject? body)
    {
        var problems = new List<string>();
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {apiKey}")
        {
            problems.Add("Authorization must be 'Bearer <key>' with the right key");
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            problems.Add("Content-Type must be application/json");
        }

        if (body is null)
        {
            problems.Add("the body must be a JSON object");
        }
        else if (body["model"]?.GetValueKind() != JsonValueKind.String)
        {
            problems.Add("model is required");
        }

        return problems;
    }

    private static void CheckChat(JsonObject body, List<string> problems)
    {
        foreach (var (name, _) in body)
        {
            if (!ChatFields.Contains(name))
            {
                problems.Add($"unknown field '{name}'");
            }
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            problems.Add("messages must be a non-empty array");
            return;
        }

        foreach (var message in messages)
        {
            if (message?["role"]?.GetValue<string>() is not { } role || !Roles.Contains(role))
            {
                problems.Add("each message needs a role: system, user, assistant or tool");
            }
        }

        RequireKind(body, "max_tokens", JsonValueKind.Number, problems);
        RequireKind(body, "temperature", JsonValueKind.Number, problems);
        RequireKind(body, "p", JsonValueKind.Number, problems);
        RequireKind(body, "k", JsonValueKind.Number, problems);
        RequireKind(body, "seed", JsonValueKind.Number, problems);
        RequireKind(body, "stop_sequences", JsonValueKind.Array, problems);
        RequireKind(body, "tools", JsonValueKind.Array, problems);
    }

    private static void RequireKind(JsonObject body, string field, JsonValueKind kind, List<string> problems)
    {
        if (body[field] is { } value && value.GetValueKind() != kind)
        {
            problems.Add($"{field} must be a {kind.ToString().ToLowerInvariant()}");
        }
    }

    private JsonObject Usage() => new()
    {
        // Billed units leave out the prompt template; tokens count everything the model read.
        ["billed_units"] = new JsonObject { ["input_tokens"] = Math.Max(InputTokens - 2, 0), ["output_tokens"] = OutputTokens },
        ["tokens"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = OutputTokens },
    };

    private static JsonObject ToolCall(string tool) => new()
    {
        ["id"] = "call-cohere-1",
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = tool, ["arguments"] = "{\"city\":\"Paris\"}" },
    };

    protected override Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, new JsonObject { ["id"] = "err-1", ["message"] = message }, status);
}
