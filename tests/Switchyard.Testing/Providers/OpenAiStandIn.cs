using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Testing.Providers;

/// <summary>
/// An OpenAI-compatible provider on loopback that checks the wire format its callers send and
/// answers in OpenAI's, whole or streamed. It serves the shapes of
/// <list type="bullet">
/// <item>OpenAI and compatible servers: <c>POST {BaseUrl}/chat/completions|completions|embeddings</c>
/// with <c>Authorization: Bearer {ApiKey}</c> (or <see cref="CustomHeader"/>, or none when <see cref="AllowAnonymous"/>);</item>
/// <item>Azure OpenAI: <c>POST {Root}/openai/deployments/{deployment}/chat/completions?api-version=…</c>
/// with <c>api-key: {ApiKey}</c> or <c>Authorization: Bearer {EntraToken}</c>, and the Entra token
/// endpoint <c>POST {Root}/{tenant}/oauth2/v2.0/token</c> (client credentials, secret <see cref="EntraClientSecret"/>);</item>
/// <item>a Databricks serving endpoint: <c>POST {Root}/serving-endpoints/{name}/invocations</c> with Bearer {ApiKey}.</item>
/// </list>
/// Wrong paths or keys get 4xx in OpenAI's error shape; every body is held to <see cref="OpenAiRequestRules"/>
/// (openapi.yaml's request schemas) and one that breaks them is refused with OpenAI's 400 and noted in
/// <see cref="ProviderStandIn.Violations"/>, so a client sending the wrong thing fails.
/// </summary>
public sealed class OpenAiStandIn : ProviderStandIn
{
    private OpenAiStandIn()
    {
    }

    /// <summary>The OpenAI base URL, <c>{Root}/v1</c> (what an OpenAI client takes as base_url).</summary>
    public string BaseUrl => $"{Root}/v1";

    /// <summary>The key the stand-in accepts.</summary>
    public string ApiKey { get; set; } = "sk-standin-openai-0123456789";

    /// <summary>A header that may carry <see cref="ApiKey"/> instead of Authorization (a custom provider's api_key_auth).</summary>
    public string? CustomHeader { get; set; }

    /// <summary>Accept requests without credentials (local servers such as Ollama).</summary>
    public bool AllowAnonymous { get; set; }

    public string EntraClientSecret { get; set; } = "entra-secret-0123456789";

    public string EntraToken { get; set; } = "entra-token-0123456789";

    /// <summary>
    /// Fields beyond OpenAI's definition that this stand-in takes, as the compatible server it plays
    /// would (vLLM's and Databricks' <c>top_k</c>, say); any other unknown field is refused as OpenAI does.
    /// </summary>
    public IReadOnlySet<string> Extensions { get; set; } = new HashSet<string>();

    /// <summary>When set, chat answers decline with this refusal (<c>message.refusal</c>, streamed as <c>delta.refusal</c>) and no content.</summary>
    public string? Refusal { get; set; }

    /// <summary>How many Entra tokens were handed out.</summary>
    public int TokensIssued { get; private set; }

    public static async Task<OpenAiStandIn> StartAsync()
    {
        var standIn = new OpenAiStandIn();
        await standIn.ListenAsync();
        return standIn;
    }

    protected override async Task AnswerAsync(HttpContext context, StandInRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.Method != "POST")
        {
            await WriteErrorAsync(context, 405, $"Method {request.Method} is not allowed for {request.Path}.");
            return;
        }

        if (segments is [_, "oauth2", "v2.0", "token"])
        {
            await AnswerTokenAsync(context);
            return;
        }

        string? operation;
        string? model = null;
        bool authorised;
        var bearer = request.Header("authorization");
        switch (segments)
        {
            case ["v1", .. var rest]:
                operation = string.Join('/', rest);
                authorised = AllowAnonymous || bearer == $"Bearer {ApiKey}" || (CustomHeader is not null && request.Header(CustomHeader) == ApiKey);
                break;
            case ["openai", "deployments", var deployment, .. var rest]:
                operation = string.Join('/', rest);
                model = deployment;
                authorised = request.Header("api-key") == ApiKey || bearer == $"Bearer {EntraToken}";
                if (!request.Query.Contains("api-version=", StringComparison.Ordinal))
                {
                    await WriteErrorAsync(context, 404, "Resource not found: api-version is missing.");
                    return;
                }

                break;
            case ["serving-endpoints", var endpoint, "invocations"]:
                model = endpoint;
                authorised = bearer == $"Bearer {ApiKey}";
                operation = request.Body switch
                {
                    { } body when body.ContainsKey("messages") => "chat/completions",
                    { } body when body.ContainsKey("prompt") => "completions",
                    { } body when body.ContainsKey("input") => "embeddings",
                    _ => "?",
                };
                break;
            default:
                await WriteErrorAsync(context, 404, $"Invalid URL (POST {request.Path})");
                return;
        }

        if (!authorised)
        {
            await WriteErrorAsync(context, 401, "Incorrect API key provided.");
            return;
        }

        if (operation is not (OpenAiRequestRules.Chat or OpenAiRequestRules.Completions or OpenAiRequestRules.Embeddings))
        {
            await WriteErrorAsync(context, 404, $"Invalid URL (POST {request.Path})");
            return;
        }

        if (request.Body is not { } json || !(request.Header("content-type") ?? "").StartsWith("application/json", StringComparison.Ordinal))
        {
            await RefuseAsync(context, 400, "We could not parse the JSON body of your request.");
            return;
        }

        if ((OpenAiRequestRules.Check(operation, json, modelInUrl: model is not null, Extensions)
            ?? (model is null ? OpenAiRequestRules.CheckModelLimits(json) : null)) is { } problem)
        {
            await RefuseAsync(context, 400, problem);
            return;
        }

        model ??= json["model"]!.GetValue<string>();

        if (operation == "embeddings")
        {
            await WriteJsonAsync(context, 200, Embeddings(json, model));
            return;
        }

        var chat = operation == "chat/completions";
        if (json["stream"]?.GetValue<bool>() == true)
        {
            await StreamAsync(context, json, model, chat);
            return;
        }

        await WriteJsonAsync(context, 200, Whole(json, model, chat));
    }

    protected override Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error",
                ["param"] = null,
                ["code"] = null,
            },
        });

    private async Task AnswerTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "client_credentials" || form["client_secret"] != EntraClientSecret
            || string.IsNullOrEmpty(form["client_id"]) || !form["scope"].ToString().Contains("cognitiveservices", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." });
            return;
        }

        TokensIssued++;
        await WriteJsonAsync(context, 200, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3599, ["access_token"] = EntraToken });
    }

    /// <summary>What the model "says" to this body: a tool call when tools are offered to a user turn, else <see cref="ProviderStandIn.Reply"/> cut by max_tokens and stop.</summary>
    private (string? Text, string Finish, JsonArray? ToolCalls) Say(JsonObject body, bool chat)
    {
        var messages = body["messages"] as JsonArray;
        if (chat && body["tools"] is JsonArray { Count: > 0 } tools && body["tool_choice"]?.ToString() != "none"
            && messages![^1]?["role"]?.GetValue<string>() == "user")
        {
            var name = tools[0]?["function"]?["name"]?.GetValue<string>() ?? "tool";
            return (null, "tool_calls", [new JsonObject
            {
                ["id"] = "call_standin_1",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = "{\"location\":\"Paris\"}" },
            }]);
        }

        var text = chat && messages![^1]?["role"]?.GetValue<string>() == "tool"
            ? $"The tool said: {messages[^1]!["content"]}"
            : Reply;
        var finish = "stop";
        if (body["stop"] is JsonArray stops)
        {
            foreach (var stop in stops)
            {
                var at = text.IndexOf(stop!.GetValue<string>(), StringComparison.Ordinal);
                if (at >= 0)
                {
                    text = text[..at];
                }
            }
        }

        if ((body["max_completion_tokens"] ?? body["max_tokens"]) is JsonValue max && max.GetValue<int>() is var limit && Words(text) > limit)
        {
            text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(limit));
            finish = "length";
        }

        return (text, finish, null);
    }

    private int PromptWords(JsonObject body) => body["messages"] is JsonArray messages
        ? messages.Sum(m => Words(m?["content"]?.ToString()))
        : Words(body["prompt"]?.ToString());

    private JsonObject Whole(JsonObject body, string model, bool chat)
    {
        var (text, finish, toolCalls) = Say(body, chat);
        var n = body["n"]?.GetValue<int>() ?? 1;
        var choices = new JsonArray();
        for (var i = 0; i < n; i++)
        {
            choices.Add(chat
                ? new JsonObject
                {
                    ["index"] = i,
                    ["message"] = Refusal is null
                        ? new JsonObject { ["role"] = "assistant", ["content"] = text, ["refusal"] = null, ["tool_calls"] = toolCalls?.DeepClone() }
                        : new JsonObject { ["role"] = "assistant", ["content"] = null, ["refusal"] = Refusal },
                    ["finish_reason"] = finish,
                }
                : new JsonObject { ["index"] = i, ["text"] = text, ["finish_reason"] = finish });
        }

        return new JsonObject
        {
            ["id"] = chat ? "chatcmpl-standin" : "cmpl-standin",
            ["object"] = chat ? "chat.completion" : "text_completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = choices,
            ["usage"] = Usage(PromptWords(body), n * Words(text)),
        };
    }

    private async Task StreamAsync(HttpContext context, JsonObject body, string model, bool chat)
    {
        var (text, finish, toolCalls) = Say(body, chat);
        await StartEventsAsync(context);
        JsonObject Chunk(JsonObject choice, JsonObject? usage = null) => new()
        {
            ["id"] = "chatcmpl-standin",
            ["object"] = chat ? "chat.completion.chunk" : "text_completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(choice),
            ["usage"] = usage,
        };

        if (chat)
        {
            await WriteEventAsync(context, null, Chunk(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["role"] = "assistant", ["content"] = "" } }).ToJsonString());
        }

        if (toolCalls is not null)
        {
            var call = toolCalls[0]!.DeepClone().AsObject();
            call["index"] = 0;
            var arguments = call["function"]!["arguments"]!.GetValue<string>();
            call["function"]!["arguments"] = "";
            await WriteEventAsync(context, null, Chunk(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["tool_calls"] = new JsonArray(call) } }).ToJsonString());
            foreach (var part in new[] { arguments[..(arguments.Length / 2)], arguments[(arguments.Length / 2)..] })
            {
                var delta = new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = part } };
                await WriteEventAsync(context, null, Chunk(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["tool_calls"] = new JsonArray(delta) } }).ToJsonString());
            }
        }
        else if (chat && Refusal is not null)
        {
            foreach (var piece in StandInReply.Pieces(Refusal))
            {
                await WriteEventAsync(context, null, Chunk(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["refusal"] = piece } }).ToJsonString());
            }
        }
        else
        {
            var words = text!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < words.Length; i++)
            {
                var piece = i == 0 ? words[i] : " " + words[i];
                await WriteEventAsync(context, null, Chunk(chat
                    ? new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece } }
                    : new JsonObject { ["index"] = 0, ["text"] = piece }).ToJsonString());
                if (i == 0 && TakeErrorEvent())
                {
                    await WriteEventAsync(context, null, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""");
                    return;
                }
            }
        }

        await WriteEventAsync(context, null, Chunk(chat
            ? new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = finish }
            : new JsonObject { ["index"] = 0, ["text"] = "", ["finish_reason"] = finish }).ToJsonString());
        if (body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            var last = Chunk(new JsonObject(), Usage(PromptWords(body), Words(text)));
            last["choices"] = new JsonArray();
            await WriteEventAsync(context, null, last.ToJsonString());
        }

        await WriteEventAsync(context, null, "[DONE]");
    }

    private static JsonObject Embeddings(JsonObject body, string model)
    {
        var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            // A vector that depends on the input, so tests can tell the answers apart.
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = new JsonArray(inputs[i].Length, Words(inputs[i]), 0.5, -1),
            });
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Sum(Words), ["total_tokens"] = inputs.Sum(Words) },
        };
    }

    private static JsonObject Usage(int prompt, int completion) => new()
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = completion,
        ["total_tokens"] = prompt + completion,
    };
}
