using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// A Google model on Vertex AI: Gemini chat and completions through <c>:generateContent</c> and
/// <c>:streamGenerateContent?alt=sse</c>, text embeddings through <c>:predict</c>. Each call
/// carries an OAuth access token that the service account's key earns (and that is cached).
/// </summary>
public sealed class VertexAiModel : IGenerativeModel
{
    private readonly string _model;
    private readonly LlmTask _task;
    private readonly string _modelUrl;
    private readonly VertexTokenSource _tokens;
    private readonly ProviderHttp _http;
    private readonly ProviderCall _call;
    private readonly TimeProvider _time;

    internal VertexAiModel(
        string model, LlmTask task, string baseUrl, string projectId, string region,
        ServiceAccountKey key, VertexTokenSource tokens, ProviderHttp http, TimeProvider time)
    {
        _model = model;
        _task = task;
        _modelUrl = $"{baseUrl.TrimEnd('/')}/v1/projects/{Uri.EscapeDataString(projectId)}/locations/{Uri.EscapeDataString(region)}"
            + $"/publishers/google/models/{Uri.EscapeDataString(model)}";
        _tokens = tokens;
        _http = http;
        _call = new ProviderCall(GeminiWire.Provider, [key.PrivateKeyPem], model);
        _time = time;
    }

    /// <summary>
    /// The public host of <paramref name="region"/>, unless the options redirect this provider: a
    /// regional host <c>{region}-aiplatform.googleapis.com</c>, but for the multi-region location
    /// <c>global</c> the unprefixed <c>aiplatform.googleapis.com</c> (there is no <c>global-</c> host).
    /// </summary>
    public static string PublicBaseUrl(string region) =>
        string.Equals(region, "global", StringComparison.OrdinalIgnoreCase)
            ? "https://aiplatform.googleapis.com"
            : $"https://{region}-aiplatform.googleapis.com";

    public static async Task<IGenerativeModel> CreateAsync(ProviderContext context, TimeProvider time, CancellationToken ct)
    {
        var projectId = context.RequiredText(VertexAiProvider.ProjectId);
        var region = context.RequiredText(VertexAiProvider.Region);
        var key = ServiceAccountKey.Parse(await context.KeyAsync(VertexAiProvider.PrivateKey, ct).ConfigureAwait(false));
        var baseUrl = context.Http.Options.BaseUrlOf(GeminiWire.Provider, PublicBaseUrl(region));
        return new VertexAiModel(
            context.Spec.Name, context.Spec.Task, baseUrl, projectId, region, key,
            new VertexTokenSource(key, context.Http, time), context.Http, time);
    }

    public bool Supports(LlmTask task) => ProviderTasks.GenerationServesBoth(_task, task);

    public async Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct)
    {
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        if (request.Task == LlmTask.Embeddings)
        {
            using var predicted = await SendAsync($"{_modelUrl}:predict", request, GeminiRequestWriter.WritePredictBody, ct).ConfigureAwait(false);
            return GeminiAnswerReader.PredictResponse(predicted.RootElement, _model, created);
        }

        if (PromptByPrompt.HasSeveral(request))
        {
            return await PromptByPrompt.AnswerAsync(request, GenerateOneAsync, ct).ConfigureAwait(false);
        }

        return await GenerateOneAsync(request, ct).ConfigureAwait(false);
    }

    private async Task<LlmResponse> GenerateOneAsync(LlmRequest request, CancellationToken ct)
    {
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        using var answer = await SendAsync(
            $"{_modelUrl}:generateContent", GeminiRequestWriter.Check(request), GeminiRequestWriter.WriteGenerateBody, ct).ConfigureAwait(false);
        return GeminiAnswerReader.GenerateResponse(answer.RootElement, _model, created);
    }

    public async IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        ProviderTasks.RefuseStreamedEmbeddings(request);
        PromptByPrompt.RefuseStreamed(request, "Vertex AI");

        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        using var message = await RequestAsync(
            $"{_modelUrl}:streamGenerateContent?alt=sse", GeminiRequestWriter.Check(request), GeminiRequestWriter.WriteGenerateBody, ct).ConfigureAwait(false);
        await using var stream = await _http.SendForStreamAsync(_call, message, ct).ConfigureAwait(false);
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        await foreach (var sse in stream.ReadEventsAsync().WithCancellation(ct).ConfigureAwait(false))
        {
            // The chunks read the event's document as they are taken, so they are all taken before it goes back to the pool.
            using var streamEvent = JsonDocument.Parse(sse.Data);
            if (streamEvent.RootElement.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            id = GeminiAnswerReader.ResponseIdOf(streamEvent.RootElement) ?? id;
            foreach (var chunk in GeminiAnswerReader.StreamChunks(streamEvent.RootElement, id, _model, created))
            {
                yield return chunk;
            }
        }
    }

    private async Task<JsonDocument> SendAsync<TState>(string url, TState state, Action<Utf8JsonWriter, TState> write, CancellationToken ct)
    {
        using var message = await RequestAsync(url, state, write, ct).ConfigureAwait(false);
        return await _http.SendForJsonAsync(_call, message, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The call with its token; the body is written only once the token is in hand, so the pooled
    /// buffer is not held while the token is fetched.
    /// </summary>
    private async Task<HttpRequestMessage> RequestAsync<TState>(string url, TState state, Action<Utf8JsonWriter, TState> write, CancellationToken ct)
    {
        var token = await _tokens.GetAsync(ct).ConfigureAwait(false);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(url))
        {
            Content = JsonRequestBody.Create(state, write),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return message;
    }


    public void Dispose() => _tokens.Dispose();
}
