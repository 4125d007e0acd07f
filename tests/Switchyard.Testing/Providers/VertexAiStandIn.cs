using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Testing.Providers;

/// <summary>
/// Vertex AI on loopback, with Google's OAuth token endpoint beside it (<c>POST /token</c>): the
/// token endpoint checks the JWT bearer assertion against the service account's public key and
/// issues access tokens; the model routes (<c>:generateContent</c>,
/// <c>:streamGenerateContent?alt=sse</c>, <c>:predict</c>) accept only tokens it issued. Errors
/// are Google's <c>{"error": {code, message, status}}</c>.
/// </summary>
public sealed partial class VertexAiStandIn : ProviderStandIn
{
    private readonly ConcurrentDictionary<string, bool> _issued = new();
    private readonly string _projectId;
    private readonly string _region;
    private readonly string _clientEmail;
    private readonly RSA _publicKey;
    private int _exchanges;

    private VertexAiStandIn(string projectId, string region, string clientEmail, RSA publicKey)
    {
        _projectId = projectId;
        _region = region;
        _clientEmail = clientEmail;
        _publicKey = publicKey;
    }

    /// <summary>The base URL a client is pointed at (<c>ExternalModels:BaseUrls:google-cloud-vertex-ai</c>).</summary>
    public string BaseUrl => Root;

    /// <summary>Prompt tokens every answer reports (output tokens are the reply's words).</summary>
    public int InputTokens { get; set; } = 7;

    /// <summary>How many times a token was issued.</summary>
    public int TokenExchanges => _exchanges;

    /// <summary>The token endpoint's URL, for the service-account key's <c>token_uri</c>.</summary>
    public string TokenUri => $"{Root}/token";

    /// <summary>Gemini's finish reason for the next answers.</summary>
    public string FinishReason { get; set; } = "STOP";

    /// <summary>When set, answers call this function (args <c>{"city":"Paris"}</c>) instead of answering text.</summary>
    public string? CallFunction { get; set; }

    /// <summary>
    /// Starts the stand-in for one project and region; <paramref name="publicKey"/> is the public
    /// half of the service account's key, <paramref name="clientEmail"/> its account.
    /// </summary>
    public static async Task<VertexAiStandIn> StartAsync(string projectId, string region, string clientEmail, RSA publicKey)
    {
        var standIn = new VertexAiStandIn(projectId, region, clientEmail, publicKey);
        await standIn.ListenAsync();
        return standIn;
    }

    protected override Task AnswerAsync(HttpContext context, StandInRequest request) => request switch
    {
        { Method: "POST", Path: "/token" } => TokenAsync(context),
        { Method: "POST" } when request.Path.StartsWith("/v1/", StringComparison.Ordinal) => ModelAsync(context, request),
        _ => WriteErrorAsync(context, 404, $"Not found: {request.Method} {request.Path}"),
    };

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
            await WriteErrorAsync(context, 400, string.Join("; ", problems));
            return;
        }

        var token = $"ya29.stand-in-{Interlocked.Increment(ref _exchanges)}";
        _issued[token] = true;
        await WriteJsonAsync(context, 200, new JsonObject { ["access_token"] = token, ["expires_in"] = 3599, ["token_type"] = "Bearer" });
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
        if (!_publicKey.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "assertion signature does not verify with the service account's public key";
        }

        var header = JsonNode.Parse(FromBase64Url(parts[0]));
        var claims = JsonNode.Parse(FromBase64Url(parts[1]));
        if (header?["alg"]?.GetValue<string>() != "RS256")
        {
            return "assertion alg must be RS256";
        }

        if (claims?["iss"]?.GetValue<string>() != _clientEmail)
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

    private async Task ModelAsync(HttpContext context, StandInRequest request)
    {
        var problems = new List<string>();
        var token = request.Header("authorization") ?? "";
        if (!token.StartsWith("Bearer ", StringComparison.Ordinal) || !_issued.ContainsKey(token["Bearer ".Length..]))
        {
            await WriteErrorAsync(context, 401, "Request had invalid authentication credentials.");
            return;
        }

        var match = ModelPath().Match(request.Path);
        if (!match.Success || match.Groups["project"].Value != _projectId || match.Groups["region"].Value != _region)
        {
            await WriteErrorAsync(context, 404, $"No such model path: {request.Path}");
            return;
        }

        var body = request.Body;
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
                    await WriteJsonAsync(context, 200, Answer([Reply], withEnd: true));
                }

                break;
            case "streamGenerateContent":
                if (request.Query != "?alt=sse")
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
                problems.AddRange(EmbeddingRequestRules.CheckVertexPredict(body));

                if (!await RejectAsync(context, problems))
                {
                    await WriteJsonAsync(context, 200, Predictions((JsonArray)body!["instances"]!));
                }

                break;
            default:
                await WriteErrorAsync(context, 404, $"Unknown method {match.Groups["method"].Value}");
                break;
        }
    }

    private async Task StreamAsync(HttpContext context)
    {
        await StartEventsAsync(context);
        var pieces = StandInReply.Pieces(Reply);
        for (var i = 0; i < pieces.Count; i++)
        {
            await WriteEventAsync(context, null, Answer([pieces[i]], withEnd: i == pieces.Count - 1).ToJsonString());
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
                ["candidatesTokenCount"] = Words(Reply),
                ["totalTokenCount"] = InputTokens + Words(Reply),
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

    /// <summary>Every request is held to Vertex AI's definition, so every test is also a conformance check.</summary>
    private static void CheckGenerate(JsonObject? body, List<string> problems)
    {
        if (body is not null)
        {
            problems.AddRange(GeminiRequestRules.Check(body));
        }
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    /// <summary>Answers 400 listing <paramref name="problems"/> when there are any.</summary>
    private async Task<bool> RejectAsync(HttpContext context, List<string> problems)
    {
        if (problems.Count == 0)
        {
            return false;
        }

        await WriteErrorAsync(context, 400, string.Join("; ", problems));
        return true;
    }

    protected override Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new JsonObject
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
        });

    [GeneratedRegex(@"^/v1/projects/(?<project>[^/]+)/locations/(?<region>[^/]+)/publishers/google/models/(?<model>[^/:]+):(?<method>\w+)$")]
    private static partial Regex ModelPath();
}
