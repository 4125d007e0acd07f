using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// A model on Amazon Bedrock: chat and completions through the Converse API (<c>/converse</c>,
/// and <c>/converse-stream</c> in the AWS event-stream framing), embeddings through InvokeModel
/// in the model family's own body. Every request is SigV4-signed for service <c>bedrock</c>.
/// </summary>
public sealed class BedrockModel : IGenerativeModel
{
    public const string SigningService = "bedrock";

    private static readonly MediaTypeWithQualityHeaderValue EventStreamType = new("application/vnd.amazon.eventstream");
    private static readonly MediaTypeWithQualityHeaderValue JsonType = new("application/json");

    private readonly string _modelId;
    private readonly LlmTask _task;
    private readonly string _family;
    private readonly string _modelUrl;
    private readonly string _region;
    private readonly SigV4Credentials _credentials;
    private readonly ProviderHttp _http;
    private readonly ProviderCall _call;
    private readonly TimeProvider _time;

    internal BedrockModel(
        string modelId, LlmTask task, string family, string baseUrl, string region,
        SigV4Credentials credentials, ProviderHttp http, TimeProvider time)
    {
        _modelId = modelId;
        _task = task;
        _family = family;
        _modelUrl = $"{baseUrl.TrimEnd('/')}/model/{Uri.EscapeDataString(modelId)}";
        _region = region;
        _credentials = credentials;
        _http = http;
        _call = new ProviderCall(ConverseWire.Provider, [credentials.SecretAccessKey], modelId);
        _time = time;
    }

    public static string PublicBaseUrl(string region) => $"https://bedrock-runtime.{region}.amazonaws.com";

    public static async Task<IGenerativeModel> CreateAsync(ProviderContext context, TimeProvider time, CancellationToken ct)
    {
        var region = context.RequiredText(BedrockProvider.Region);
        var family = context.RequiredText(BedrockProvider.Family);
        if (context.Spec.Task == LlmTask.Embeddings)
        {
            BedrockEmbeddingWire.CheckFamily(family);
        }

        var accessKeyId = await context.KeyAsync(BedrockProvider.AccessKeyId, ct).ConfigureAwait(false);
        var secretKey = await context.KeyAsync(BedrockProvider.SecretAccessKey, ct).ConfigureAwait(false);
        var baseUrl = context.Http.Options.BaseUrlOf(ConverseWire.Provider, PublicBaseUrl(region));
        return new BedrockModel(
            context.Spec.Name, context.Spec.Task, family, baseUrl, region, new SigV4Credentials(accessKeyId, secretKey), context.Http, time);
    }

    public bool Supports(LlmTask task) => ProviderTasks.GenerationServesBoth(_task, task);

    public async Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct)
    {
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        if (request.Task == LlmTask.Embeddings)
        {
            return await EmbedAsync(request, created, ct).ConfigureAwait(false);
        }

        if (PromptByPrompt.HasSeveral(request))
        {
            return await PromptByPrompt.AnswerAsync(request, ConverseAsync, ct).ConfigureAwait(false);
        }

        return await ConverseAsync(request, ct).ConfigureAwait(false);
    }

    private async Task<LlmResponse> ConverseAsync(LlmRequest request, CancellationToken ct)
    {
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        using var message = Signed($"{_modelUrl}/converse", (request, _family), ConverseRequestWriter.Write, JsonType);
        using var answer = await _http.SendForJsonAsync(_call, message, ct).ConfigureAwait(false);
        var response = ConverseAnswerReader.Response(answer.RootElement, _modelId, created);
        return response with { Id = $"chatcmpl-{Guid.NewGuid():N}" };
    }

    private async Task<LlmResponse> EmbedAsync(LlmRequest request, long created, CancellationToken ct)
    {
        BedrockEmbeddingWire.CheckFamily(_family);
        var id = $"embd-{Guid.NewGuid():N}";
        if (!BedrockEmbeddingWire.OneInputPerCall(_family))
        {
            using var message = Signed($"{_modelUrl}/invoke", request, BedrockEmbeddingWire.WriteCohereBody, JsonType);
            using var answer = await _http.SendForJsonAsync(_call, message, ct).ConfigureAwait(false);
            return new LlmResponse(id, created, _modelId, [], null, BedrockEmbeddingWire.CohereAnswer(answer.RootElement));
        }

        // Titan embeds one text per call; the calls go out together.
        var calls = new Task<(float[] Vector, int Tokens)>[request.Inputs.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = EmbedOneAsync(request.Inputs[i], ct);
        }

        var results = await Task.WhenAll(calls).ConfigureAwait(false);
        return new LlmResponse(id, created, _modelId, [], new LlmUsage(results.Sum(static r => r.Tokens), 0), [.. results.Select(static r => r.Vector)]);
    }

    private async Task<(float[] Vector, int Tokens)> EmbedOneAsync(string input, CancellationToken ct)
    {
        using var message = Signed($"{_modelUrl}/invoke", input, BedrockEmbeddingWire.WriteTitanBody, JsonType);
        using var answer = await _http.SendForJsonAsync(_call, message, ct).ConfigureAwait(false);
        return BedrockEmbeddingWire.TitanAnswer(answer.RootElement);
    }

    public async IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        ProviderTasks.RefuseStreamedEmbeddings(request);
        PromptByPrompt.RefuseStreamed(request, "Amazon Bedrock");

        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        using var message = Signed($"{_modelUrl}/converse-stream", (request, _family), ConverseRequestWriter.Write, EventStreamType);
        await using var stream = await _http.SendForStreamAsync(_call, message, ct).ConfigureAwait(false);
        var reader = new EventStreamReader(stream.Body);
        var tools = new ConverseToolIndexes();
        while (await ReadFrameAsync(reader, message, ct).ConfigureAwait(false) is { } frame)
        {
            // An event without a payload reads as one without fields.
            using var document = frame.Payload.Length == 0 ? null : JsonDocument.Parse(frame.Payload);
            var payload = document?.RootElement ?? default;
            if (frame.Header(":message-type") is "exception" or "error")
            {
                throw StreamFailure(frame, payload);
            }

            if (frame.Header(":event-type") is { } eventType
                && ConverseAnswerReader.StreamChunk(eventType, payload, tools, id, _modelId, created) is { } chunk)
            {
                yield return chunk;
            }
        }
    }

    private async Task<EventStreamMessage?> ReadFrameAsync(EventStreamReader reader, HttpRequestMessage request, CancellationToken ct)
    {
        // As for SSE streams: once the caller is gone, a closed stream is a cancellation, not a finished answer.
        ct.ThrowIfCancellationRequested();
        EventStreamMessage? frame;
        try
        {
            frame = await reader.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException("The caller went away.", e, ct);
        }
        catch (InvalidDataException e)
        {
            throw new ProviderException(ConverseWire.Provider, null, $"Bedrock's event stream is corrupt: {e.Message}");
        }
        catch (Exception e) when (ProviderErrors.Translate(_call, request, e, _http.Options.RequestTimeout, ct) is { } translated)
        {
            throw translated;
        }

        ct.ThrowIfCancellationRequested();
        return frame;
    }

    /// <summary>An exception frame mid-stream: its type names the HTTP status Bedrock would have answered.</summary>
    private static ProviderException StreamFailure(EventStreamMessage frame, JsonElement payload)
    {
        var type = frame.Header(":exception-type") ?? frame.Header(":error-code") ?? "exception";
        var status = type switch
        {
            "throttlingException" => 429,
            "validationException" => 400,
            "serviceUnavailableException" => 503,
            "modelStreamErrorException" => 424,
            _ => 500,
        };
        var message = AnswerFields.String(payload, "message") ?? frame.Header(":error-message") ?? type;
        return new ProviderException(ConverseWire.Provider, status, $"{type}: {message}");
    }

    /// <summary>
    /// A POST of the body <paramref name="write"/> writes, signed with SigV4 over host, x-amz-date and
    /// the hash of the very bytes that are sent.
    /// </summary>
    private HttpRequestMessage Signed<TState>(
        string url, TState state, Action<Utf8JsonWriter, TState> write, MediaTypeWithQualityHeaderValue accept)
    {
        var uri = new Uri(url);
        var content = JsonRequestBody.Create(state, write);
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        var amzDate = SigV4Signer.AmzDate(_time.GetUtcNow());
        message.Headers.Add("X-Amz-Date", amzDate);
        message.Headers.Accept.Add(accept);
        message.Headers.TryAddWithoutValidation("Authorization", SigV4Signer.Authorization(
            _credentials,
            _region,
            SigningService,
            "POST",
            uri.AbsolutePath,
            uri.Query.TrimStart('?'),
            [new("host", uri.Authority), new("x-amz-date", amzDate)],
            content.Written.Span,
            amzDate));
        return message;
    }


    public void Dispose()
    {
    }
}
