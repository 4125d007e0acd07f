using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Cohere;

/// <summary>
/// A Cohere model behind its v2 API: chat and completions through <c>/v2/chat</c> (streamed as
/// Cohere's typed SSE events), embeddings through <c>/v2/embed</c>. The key goes as a bearer token.
/// </summary>
public sealed class CohereModel : IGenerativeModel
{
    public const string PublicBaseUrl = "https://api.cohere.com";

    private readonly string _model;
    private readonly LlmTask _task;
    private readonly Uri _chat;
    private readonly Uri _embed;
    private readonly AuthenticationHeaderValue _auth;
    private readonly ProviderHttp _http;
    private readonly ProviderCall _call;
    private readonly TimeProvider _time;

    internal CohereModel(string model, LlmTask task, string baseUrl, string apiKey, ProviderHttp http, TimeProvider time)
    {
        _model = model;
        _task = task;
        _chat = new Uri($"{baseUrl.TrimEnd('/')}/v2/chat");
        _embed = new Uri($"{baseUrl.TrimEnd('/')}/v2/embed");
        _auth = new AuthenticationHeaderValue("Bearer", apiKey);
        _http = http;
        _call = new ProviderCall(CohereWire.Provider, [apiKey], model);
        _time = time;
    }

    /// <summary>Builds the model of one entity: its key, and <c>cohere_api_base</c> or the configured or public base URL.</summary>
    public static async Task<IGenerativeModel> CreateAsync(ProviderContext context, TimeProvider time, CancellationToken ct)
    {
        var key = await context.KeyAsync(CohereProvider.ApiKey, ct).ConfigureAwait(false);
        var baseUrl = context.Text(CohereProvider.ApiBase) ?? context.Http.Options.BaseUrlOf(CohereWire.Provider, PublicBaseUrl);
        return new CohereModel(context.Spec.Name, context.Spec.Task, baseUrl, key, context.Http, time);
    }

    public bool Supports(LlmTask task) => ProviderTasks.GenerationServesBoth(_task, task);

    public async Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct)
    {
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        if (request.Task == LlmTask.Embeddings)
        {
            using var embedded = await SendAsync(_embed, EmbedBody(request), ct).ConfigureAwait(false);
            return CohereAnswerReader.EmbedResponse(embedded.RootElement, _model, created);
        }

        if (PromptByPrompt.HasSeveral(request))
        {
            return await PromptByPrompt.AnswerAsync(request, ChatAsync, ct).ConfigureAwait(false);
        }

        return await ChatAsync(request, ct).ConfigureAwait(false);
    }

    private async Task<LlmResponse> ChatAsync(LlmRequest request, CancellationToken ct)
    {
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        using var answer = await SendAsync(_chat, ChatBody(request with { Stream = false }), ct).ConfigureAwait(false);
        return CohereAnswerReader.ChatResponse(answer.RootElement, _model, created);
    }

    public async IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        ProviderTasks.RefuseStreamedEmbeddings(request);
        PromptByPrompt.RefuseStreamed(request, "Cohere");

        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        using var message = Request(_chat, ChatBody(request with { Stream = true }));
        await using var stream = await _http.SendForStreamAsync(_call, message, ct).ConfigureAwait(false);
        var id = "";
        await foreach (var sse in stream.ReadEventsAsync().WithCancellation(ct).ConfigureAwait(false))
        {
            // An OpenAI-style end marker is not JSON; the stream ends with message-end either way.
            if (sse.Data.Span.Trim(" \t\r\n"u8).SequenceEqual("[DONE]"u8))
            {
                continue;
            }

            // An event that is not an object names no type, so it makes no chunk and leaves the id.
            using var document = JsonDocument.Parse(sse.Data);
            var streamEvent = document.RootElement;
            id = CohereAnswerReader.StreamId(streamEvent, id);
            if (CohereAnswerReader.StreamChunk(streamEvent, id, _model, created) is { } chunk)
            {
                yield return chunk;
            }
        }
    }

    private JsonRequestBody ChatBody(LlmRequest request) =>
        JsonRequestBody.Create((Request: request, Model: _model), static (writer, s) => CohereRequestWriter.WriteChatBody(writer, s.Request, s.Model));

    private JsonRequestBody EmbedBody(LlmRequest request) =>
        JsonRequestBody.Create((Request: request, Model: _model), static (writer, s) => CohereRequestWriter.WriteEmbedBody(writer, s.Request, s.Model));

    private async Task<JsonDocument> SendAsync(Uri uri, JsonRequestBody body, CancellationToken ct)
    {
        using var message = Request(uri, body);
        return await _http.SendForJsonAsync(_call, message, ct).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(Uri uri, JsonRequestBody body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = body };
        message.Headers.Authorization = _auth;
        return message;
    }


    public void Dispose()
    {
    }
}
