using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Testing.Providers;

/// <summary>
/// Vertex AI on loopback, with Google's OAuth token endpoint beside it (<c>POST /token</c>): the
/// token endpoint checks the JWT bearer assertion against the service account's public key and
/// issues access tokens; the model routes (<c>:generateContent</c>,
/// <c>:streamGenerateContent?alt=sse</c>, <c>:predict</c>) accept only tokens it issued. Errors
/// are Google's <c>{"error": {code, message, status}}</c>.
/// </summary>
public sealed partial class VertexAiStandIn(string projectId, string region, string clientEmail, RSA publicKey) : ProviderStandIn
{
    private static readonly string[] BodyFields = ["contents", "systemInstruction", "generationConfig", "tools", "toolConfig", "safetySettings", "labels"];

    private static readonly string[] ConfigFields =
        ["maxOutputTokens", "temperature", "topP", "topK", "stopSequences", "candidateCount", "seed", "presencePenalty",
         "frequencyPenalty", "responseMimeType", "responseSchema"];

    private readonly ConcurrentDictionary<string, bool> _issued = new();
    private int _exchanges;

    /// <summary>How many times a token was issued.</summary>
    public int TokenExchanges => _exchanges;

    /// <summary>The token endpoint's URL, for the service-account key's <c>token_uri</c>.</summary>
    public string TokenUri => $"{Base}/token";

    /// <summary>Gemini's finish reason for the next answers.</summary>
    public string FinishReason { get; set; } = "STOP";

    /// <summary>When set, answers call this function (args <c>{"city":"Paris"}</c>) instead of answering text.</summary>
    public string? CallFunction { get; set; }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/token", TokenAsync);
        app.MapPost("/v1/{**rest}", ModelAsync);
    }

    private async Task TokenAsync(HttpContext context)
    {
        var problems = new List<string>();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            problems.Add("grant_type must be urn:ietf:params:oauth:grant-type:jwt-bearer");
        }

        if (CheckAssertion(form["assertion"].ToString()) is { } problem)
        {
            problems.Add(problem);
        }

        if (problems.Count > 0)
        {
            await RejectAsync(context, problems);
            return;
        }

        var token = $"ya29.stand-in-{Interlocked.Increment(ref _exchanges)}";
        _issued[token] = true;
        await WriteJsonAsync(context, new JsonObject { ["access_token"] = token, ["expires_in"] = 3599, ["token_type"] = "Bearer" });
    }

    /// <summary>Checks the assertion's RS256 signature and claims; null when it is right.</summary>
    public string? CheckAssertion(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return "assertion is not a JWT";
        }

        var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        if (!publicKey.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "assertion signature does not verify with the service account's public key";
        }

        var header = JsonNode.Parse(FromBase64Url(parts[0]));
        var claims = JsonNode.Parse(FromBase64Url(parts[1]));
        if (header?["alg"]?.GetValue<string>() != "RS256")
        {
            return "assertion alg must be RS256";
        }

        if (claims?["iss"]?.GetValue<string>() != clientEmail)
        {
            return "assertion iss must be the client_email";
        }

        if (claims?["aud"]?.GetValue<string>() != TokenUri)
        {
            return "assertion aud must be the token_uri";
        }

        if (claims?["scope"]?.GetValue<string>() != "https://www.googleapis.com/auth/cloud-platform")
        {
            return "assertion scope must be cloud-platform";
        }

        var iat = claims?["iat"]?.GetValue<long>() ?? 0;
        var exp = claims?["exp"]?.GetValue<long>() ?? 0;
        return exp - iat is > 0 and <= 3600 ? null : "assertion exp must be after iat and at most an hour later";
    }

    private async Task ModelAsync(HttpContext context)
    {
        var request = Requests.Last();
        var problems = new List<string>();
        var token = context.Request.Headers.Authorization.ToString();
        if (!token.StartsWith("Bearer ", StringComparison.Ordinal) || !_issued.ContainsKey(token["Bearer ".Length..]))
        {
            await WriteErrorAsync(context, 401, "Request had invalid authentication credentials.");
            return;
        }

        var match = ModelPath().Match(request.Path);
        if (!match.Success || match.Groups["project"].Value != projectId || match.Groups["region"].Value != region)
        {
            await WriteErrorAsync(context, 404, $"No such model path: {request.Path}");
            return;
        }

        var body = request.Json;
        if (body is null)
        {
            problems.Add("the body must be a JSON object");
        }

        switch (match.Groups["method"].Value)
        {
            case "generateContent":
                CheckGenerate(body, problems);
                if (!await RejectAsync(context, problems))
                {
                    await WriteJsonAsync(context, Answer(ReplyPieces, withEnd: true));
                }

                break;
            case "streamGenerateContent":
                if (context.Request.Query["alt"] != "sse")
                {
                    problems.Add("streamGenerateContent needs alt=sse for server-sent events");
                }

                CheckGenerate(body, problems);
                if (!await RejectAsync(context, problems))
                {
                    await StreamAsync(context);
                }

                break;
            case "predict":
                if (body?["instances"] is not JsonArray { Count: > 0 } instances || instances.Any(static i => i?["content"] is null))
                {
                    problems.Add("instances must be a non-empty array of {content}");
                }

                if (!await RejectAsync(context, problems))
                {
                    await WriteJsonAsync(context, Predictions((JsonArray)body!["instances"]!));
                }

                break;
            default:
                await WriteErrorAsync(context, 404, $"Unknown method {match.Groups["method"].Value}");
                break;
        }
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < ReplyPieces.Count; i++)
        {
            var last = i == ReplyPieces.Count - 1;
            var data = Answer([ReplyPieces[i]], withEnd: last);
            await WriteFlushedAsync(context, Encoding.UTF8.GetBytes($"data: {data.ToJsonString()}\r\n\r\n"));
        }
    }

    private JsonObject Answer(IReadOnlyList<string> pieces, bool withEnd)
    {
        var parts = new JsonArray();
        if (CallFunction is { } function)
        {
            parts.Add(new JsonObject { ["functionCall"] = new JsonObject { ["name"] = function, ["args"] = new JsonObject { ["city"] = "Paris" } } });
        }
        else
        {
            parts.Add(new JsonObject { ["text"] = string.Concat(pieces) });
        }

        var candidate = new JsonObject { ["content"] = new JsonObject { ["role"] = "model", ["parts"] = parts }, ["index"] = 0 };
        var answer = new JsonObject { ["candidates"] = new JsonArray(candidate), ["modelVersion"] = "gemini-stand-in-001", ["responseId"] = "vertex-resp-1" };
        if (withEnd)
        {
            candidate["finishReason"] = FinishReason;
            answer["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = InputTokens,
                ["candidatesTokenCount"] = OutputTokens,
                ["totalTokenCount"] = InputTokens + OutputTokens,
            };
        }

        return answer;
    }

    private JsonObject Predictions(JsonArray instances)
    {
        var predictions = new JsonArray();
        for (var i = 0; i < instances.Count; i++)
        {
            predictions.Add(new JsonObject
            {
                ["embeddings"] = new JsonObject
                {
                    ["values"] = new JsonArray(0.25 + i, 0.5, -1.0),
                    ["statistics"] = new JsonObject { ["token_count"] = InputTokens, ["truncated"] = false },
                },
            });
        }

        return new JsonObject { ["predictions"] = predictions, ["metadata"] = new JsonObject { ["billableCharacterCount"] = 10 } };
    }

    private static void CheckGenerate(JsonObject? body, List<string> problems)
    {
        if (body is null)
        {
            return;
        }

        foreach (var (name, _) in body)
        {
            if (!BodyFields.Contains(name))
            {
                problems.Add($"Invalid JSON payload received. Unknown name \"{name}\"");
            }
        }

        if (body["contents"] is not JsonArray { Count: > 0 } contents)
        {
            problems.Add("contents must be a non-empty array");
        }
        else
        {
            foreach (var content in contents)
            {
                if (content?["role"]?.GetValue<string>() is not ("user" or "model"))
                {
                    problems.Add("each content's role must be user or model");
                }

                if (content?["parts"] is not JsonArray { Count: > 0 })
                {
                    problems.Add("each content needs parts");
                }
            }
        }

        if (body["systemInstruction"] is { } system && system["parts"] is not JsonArray)
        {
            problems.Add("systemInstruction must have parts");
        }

        if (body["generationConfig"] is JsonObject config)
        {
            foreach (var (name, _) in config)
            {
                if (!ConfigFields.Contains(name))
                {
                    problems.Add($"Unknown name \"{name}\" at 'generation_config'");
                }
            }
        }
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    protected override Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = message,
                ["status"] = status switch
                {
                    400 => "INVALID_ARGUMENT",
                    401 => "UNAUTHENTICATED",
                    404 => "NOT_FOUND",
                    429 => "RESOURCE_EXHAUSTED",
                    _ => "INTERNAL",
                },
            },
        }, status);

    [GeneratedRegex(@"^/v1/projects/(?<project>[^/]+)/locations/(?<region>[^/]+)/publishers/google/models/(?<model>[^/:]+):(?<method>\w+)$")]
    private static partial Regex ModelPath();
}
