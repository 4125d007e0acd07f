using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Switchyard.Providers.Bedrock;

namespace Switchyard.Testing.Providers;

/// <summary>
/// Bedrock runtime on loopback: <c>/model/{modelId}/converse</c>, <c>/converse-stream</c>
/// (answered in real AWS event-stream frames, each flushed on its own) and <c>/invoke</c> for
/// Titan and Cohere embeddings. Every request's SigV4 signature is recomputed with the test keys;
/// a wrong one gets Bedrock's 403. Errors are <c>{"message": …}</c> with
/// <c>x-amzn-ErrorType</c>, as Bedrock sends them.
/// </summary>
public sealed partial class BedrockStandIn : ProviderStandIn
{
    private readonly ConcurrentQueue<string> _rawTargets = new();
    private readonly string _region;
    private readonly SigV4Credentials _credentials;

    private BedrockStandIn(string region, SigV4Credentials credentials)
    {
        _region = region;
        _credentials = credentials;
    }

    /// <summary>The base URL a client is pointed at (<c>ExternalModels:BaseUrls:amazon-bedrock</c>).</summary>
    public string BaseUrl => Root;

    /// <summary>Each request's target as it came on the wire (still percent-encoded, as SigV4 signs it).</summary>
    public IReadOnlyList<string> RawTargets => [.. _rawTargets];

    /// <summary>Prompt tokens every answer reports (output tokens are the reply's words).</summary>
    public int InputTokens { get; set; } = 7;

    /// <summary>Starts the stand-in for <paramref name="region"/>, accepting only requests signed with <paramref name="credentials"/>.</summary>
    public static async Task<BedrockStandIn> StartAsync(string region, SigV4Credentials credentials)
    {
        var standIn = new BedrockStandIn(region, credentials);
        await standIn.ListenAsync();
        return standIn;
    }

    /// <summary>Bedrock's stop reason for the next answers.</summary>
    public string StopReason { get; set; } = "end_turn";

    /// <summary>When true, the second frame of a stream has one payload byte flipped after its CRC was computed.</summary>
    public bool CorruptSecondFrame { get; set; }

    /// <summary>When set, a stream ends with an exception frame of this type (for example <c>throttlingException</c>).</summary>
    public string? StreamException { get; set; }

    protected override async Task AnswerAsync(HttpContext context, StandInRequest request)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.Query;
        _rawTargets.Enqueue(rawTarget);
        var rawPath = rawTarget.Split('?')[0];
        if (CheckSignature(request, rawTarget) is { } signatureProblem)
        {
            await WriteAwsErrorAsync(context, 403, signatureProblem.Type, signatureProblem.Message);
            return;
        }

        var match = ModelPath().Match(rawPath);
        if (!match.Success)
        {
            await WriteAwsErrorAsync(context, 404, "ResourceNotFoundException", $"No route for {rawPath}");
            return;
        }

        var modelId = Uri.UnescapeDataString(match.Groups["model"].Value);
        var body = request.Body;
        var problems = new List<string>();
        if (body is null)
        {
            problems.Add("the body must be a JSON object");
        }

        switch (match.Groups["operation"].Value)
        {
            case "converse":
                CheckConverse(body, problems);
                if (!await RejectAsync(context, problems))
                {
                    await WriteJsonAsync(context, 200, ConverseAnswer());
                }

                break;
            case "converse-stream":
                CheckConverse(body, problems);
                if (!await RejectAsync(context, problems))
                {
                    await StreamAsync(context);
                }

                break;
            case "invoke":
                await InvokeAsync(context, modelId, body, problems);
                break;
            default:
                await WriteAwsErrorAsync(context, 404, "ResourceNotFoundException", $"Unknown operation {match.Groups["operation"].Value}");
                break;
        }
    }

    /// <summary>Recomputes the request's signature from what arrived; null when it matches.</summary>
    private (string Type, string Message)? CheckSignature(StandInRequest request, string rawTarget)
    {
        var authorization = request.Header("authorization") ?? "";
        var match = AuthorizationShape().Match(authorization);
        if (!match.Success)
        {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        if (match.Groups["key"].Value != _credentials.AccessKeyId)
        {
            return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (match.Groups["region"].Value != _region || match.Groups["service"].Value != BedrockModel.SigningService)
        {
            return ("InvalidSignatureException", $"Credential should be scoped to a valid region and service 'bedrock' in '{_region}'.");
        }

        var amzDate = request.Header("x-amz-date") ?? "";
        if (!amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal))
        {
            return ("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }

        var signedHeaders = match.Groups["signed"].Value.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return ("InvalidSignatureException", "The host and x-amz-date headers must be signed.");
        }

        var headers = signedHeaders.Select(name => new KeyValuePair<string, string>(name, request.Header(name) ?? ""));
        var query = rawTarget.Contains('?', StringComparison.Ordinal) ? rawTarget[(rawTarget.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        var expected = SigV4Signer.Authorization(
            _credentials, _region, BedrockModel.SigningService, request.Method, rawTarget.Split('?')[0], query, headers,
            Encoding.UTF8.GetBytes(request.RawBody), amzDate);
        return expected == authorization
            ? null
            : ("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    /// <summary>Every request is held to Converse's definition, so every test is also a conformance check.</summary>
    private static void CheckConverse(JsonObject? body, List<string> problems)
    {
        if (body is not null)
        {
            problems.AddRange(ConverseRequestRules.Check(body));
        }
    }

    private JsonObject ConverseAnswer() => new()
    {
        ["output"] = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject { ["text"] = Reply }),
            },
        },
        ["stopReason"] = StopReason,
        ["usage"] = Usage(),
        ["metrics"] = new JsonObject { ["latencyMs"] = 12 },
    };

    private JsonObject Usage() => new()
    {
        ["inputTokens"] = InputTokens,
        ["outputTokens"] = Words(Reply),
        ["totalTokens"] = InputTokens + Words(Reply),
    };

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/vnd.amazon.eventstream";
        var frames = new List<byte[]>
        {
            Event("messageStart", new JsonObject { ["role"] = "assistant" }),
        };
        foreach (var piece in StandInReply.Pieces(Reply))
        {
            frames.Add(Event("contentBlockDelta", new JsonObject { ["contentBlockIndex"] = 0, ["delta"] = new JsonObject { ["text"] = piece } }));
        }

        frames.Add(Event("contentBlockStop", new JsonObject { ["contentBlockIndex"] = 0 }));
        if (StreamException is { } exception)
        {
            frames.Add(EventStreamMessage.Encode(
                [new(":exception-type", exception), new(":content-type", "application/json"), new(":message-type", "exception")],
                Encoding.UTF8.GetBytes(new JsonObject { ["message"] = "Too many tokens, please wait before trying again." }.ToJsonString())));
        }
        else
        {
            frames.Add(Event("messageStop", new JsonObject { ["stopReason"] = StopReason }));
            frames.Add(Event("metadata", new JsonObject { ["usage"] = Usage(), ["metrics"] = new JsonObject { ["latencyMs"] = 12 } }));
        }

        if (CorruptSecondFrame)
        {
            // Flip a payload byte: the lengths and prelude CRC stay right, the message CRC does not.
            frames[1][^6] ^= 0x20;
        }

        foreach (var frame in frames)
        {
            await context.Response.Body.WriteAsync(frame, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static byte[] Event(string type, JsonObject payload)
    {
        // Bedrock pads each event with a "p" field of varying length so sizes do not leak content.
        payload["p"] = "abcdefgh";
        return EventStreamMessage.Encode(
            [new(":event-type", type), new(":content-type", "application/json"), new(":message-type", "event")],
            Encoding.UTF8.GetBytes(payload.ToJsonString()));
    }

    private async Task InvokeAsync(HttpContext context, string modelId, JsonObject? body, List<string> problems)
    {
        if (modelId.StartsWith("amazon.titan-embed", StringComparison.Ordinal))
        {
            problems.AddRange(EmbeddingRequestRules.CheckTitan(body));

            if (!await RejectAsync(context, problems))
            {
                var length = body!["inputText"]!.GetValue<string>().Length;
                await WriteJsonAsync(context, 200, new JsonObject
                {
                    ["embedding"] = new JsonArray(length, 0.5, -0.5),
                    ["inputTextTokenCount"] = InputTokens,
                });
            }

            return;
        }

        if (modelId.StartsWith("cohere.embed", StringComparison.Ordinal))
        {
            problems.AddRange(EmbeddingRequestRules.CheckBedrockCohere(body));

            if (!await RejectAsync(context, problems))
            {
                var texts = (JsonArray)body!["texts"]!;
                var vectors = new JsonArray();
                for (var i = 0; i < texts.Count; i++)
                {
                    vectors.Add(new JsonArray(i, 0.25, 0.75));
                }

                await WriteJsonAsync(context, 200, new JsonObject
                {
                    ["embeddings"] = vectors,
                    ["id"] = "bedrock-cohere-embed-1",
                    ["response_type"] = "embeddings_floats",
                    ["texts"] = texts.DeepClone(),
                });
            }

            return;
        }

        await WriteAwsErrorAsync(context, 400, "ValidationException", $"The stand-in does not serve model {modelId}.");
    }

    protected override Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteAwsErrorAsync(context, status, status switch
        {
            400 => "ValidationException",
            429 => "ThrottlingException",
            _ => "InternalServerException",
        }, message);

    private static Task WriteAwsErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.Headers["x-amzn-ErrorType"] = $"{type}:http://internal.amazon.com/coral/com.amazon.bedrock/";
        return WriteJsonAsync(context, status, new JsonObject { ["message"] = message });
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

    [GeneratedRegex(@"^/model/(?<model>[^/]+)/(?<operation>converse|converse-stream|invoke)$")]
    private static partial Regex ModelPath();

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<signed>[^,]+), ?Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationShape();
}
