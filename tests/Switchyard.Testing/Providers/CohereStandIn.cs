using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Testing.Providers;

/// <summary>
/// Cohere's v2 API on loopback: <c>POST /v2/chat</c> (whole, or typed SSE events when
/// <c>stream</c> is true) and <c>POST /v2/embed</c>, with a bearer key. Errors are Cohere's
/// <c>{"message": …}</c>.
/// </summary>
public sealed class CohereStandIn : ProviderStandIn
{
    private CohereStandIn()
    {
    }

    /// <summary>The base URL a client is pointed at (<c>cohere_api_base</c> or <c>ExternalModels:BaseUrls:cohere</c>).</summary>
    public string BaseUrl => Root;

    public string ApiKey { get; set; } = "co-standin-0123456789";

    /// <summary>Prompt tokens every answer reports (output tokens are the reply's words).</summary>
    public int InputTokens { get; set; } = 7;

    /// <summary>Cohere's finish reason for the next answers.</summary>
    public string FinishReason { get; set; } = "COMPLETE";

    /// <summary>When true, a stream ends with an OpenAI-style <c>data: [DONE]</c> line after message-end.</summary>
    public bool EndWithDoneLine { get; set; }

    /// <summary>The <c>delta.error</c> text message-end carries (with <see cref="FinishReason"/> <c>ERROR</c>, say).</summary>
    public string? StreamError { get; set; }

    /// <summary>When set, chat answers call this tool (with arguments <c>{"city":"Paris"}</c>) instead of answering text.</summary>
    public string? CallTool { get; set; }

    public static async Task<CohereStandIn> StartAsync()
    {
        var standIn = new CohereStandIn();
        await standIn.ListenAsync();
        return standIn;
    }

    protected override Task AnswerAsync(HttpContext context, StandInRequest request) => (request.Method, request.Path) switch
    {
        ("POST", "/v2/chat") => ChatAsync(context, request),
        ("POST", "/v2/embed") => EmbedAsync(context, request),
        _ => WriteErrorAsync(context, 404, $"Not found: {request.Method} {request.Path}"),
    };

    private async Task ChatAsync(HttpContext context, StandInRequest request)
    {
        var body = request.Body;
        var problems = CheckCommon(request);
        if (body is not null)
        {
            // Every request is held to Cohere's definition, so every test is also a conformance check.
            problems.AddRange(CohereRequestRules.CheckChat(body));
        }

        if (problems.Count > 0)
        {
            await WriteErrorAsync(context, 400, string.Join("; ", problems));
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

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["id"] = "cohere-chat-1",
            ["finish_reason"] = CallTool is null ? FinishReason : "TOOL_CALL",
            ["message"] = message,
            ["usage"] = Usage(),
        });
    }

    private async Task StreamAsync(HttpContext context)
    {
        await StartEventsAsync(context);
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
        foreach (var piece in StandInReply.Pieces(Reply))
        {
            await SendAsync(context, "content-delta", new JsonObject
            {
                ["index"] = 0,
                ["delta"] = new JsonObject { ["message"] = new JsonObject { ["content"] = new JsonObject { ["text"] = piece } } },
            });
        }

        await SendAsync(context, "content-end", new JsonObject { ["index"] = 0 });
        var end = new JsonObject { ["finish_reason"] = FinishReason, ["usage"] = Usage() };
        if (StreamError is { } error)
        {
            end["error"] = error;
        }

        await SendAsync(context, "message-end", new JsonObject { ["delta"] = end });
        if (EndWithDoneLine)
        {
            await WriteEventAsync(context, null, "[DONE]");
        }
    }

    private static Task SendAsync(HttpContext context, string type, JsonObject data)
    {
        data["type"] = type;
        return WriteEventAsync(context, type, data.ToJsonString());
    }

    private async Task EmbedAsync(HttpContext context, StandInRequest request)
    {
        var body = request.Body;
        var problems = CheckCommon(request);
        if (body is not null)
        {
            problems.AddRange(CohereRequestRules.CheckEmbed(body));
        }

        if (problems.Count > 0)
        {
            await WriteErrorAsync(context, 400, string.Join("; ", problems));
            return;
        }

        var texts = (JsonArray)body!["texts"]!;
        var vectors = new JsonArray();
        for (var i = 0; i < texts.Count; i++)
        {
            vectors.Add(new JsonArray(0.5 + i, -0.25, 0.125));
        }

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["id"] = "cohere-embed-1",
            ["embeddings"] = new JsonObject { ["float"] = vectors },
            ["texts"] = texts.DeepClone(),
            ["meta"] = new JsonObject { ["billed_units"] = new JsonObject { ["input_tokens"] = InputTokens } },
            ["response_type"] = "embeddings_by_type",
        });
    }

    private List<string> CheckCommon(StandInRequest request)
    {
        var body = request.Body;
        var problems = new List<string>();
        if (request.Header("authorization") != $"Bearer {ApiKey}")
        {
            problems.Add("Authorization must be 'Bearer <key>' with the right key");
        }

        if (request.Header("content-type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            problems.Add("Content-Type must be application/json");
        }

        if (body is null)
        {
            problems.Add("the body must be a JSON object");
        }

        return problems;
    }

    private JsonObject Usage() => new()
    {
        // Billed units leave out the prompt template; tokens count everything the model read.
        ["billed_units"] = new JsonObject { ["input_tokens"] = Math.Max(InputTokens - 2, 0), ["output_tokens"] = Words(Reply) },
        ["tokens"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = Words(Reply) },
    };

    private static JsonObject ToolCall(string tool) => new()
    {
        ["id"] = "call-cohere-1",
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = tool, ["arguments"] = "{\"city\":\"Paris\"}" },
    };

    protected override Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["id"] = "err-1", ["message"] = message });
}
