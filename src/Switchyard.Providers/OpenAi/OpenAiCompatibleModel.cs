using System.Runtime.CompilerServices;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.OpenAi;

/// <summary>
/// An external model behind an OpenAI-compatible API: OpenAI itself, Azure OpenAI, another
/// serving host's endpoint, AI21, or any compatible server. The dialect says where and how.
/// </summary>
internal sealed class OpenAiCompatibleModel : IGenerativeModel
{
    private readonly OpenAiDialect _dialect;
    private readonly ProviderHttp _http;
    private readonly LlmTask _task;
    private readonly string _model;
    private readonly ProviderCall _call;

    public OpenAiCompatibleModel(OpenAiDialect dialect, ProviderHttp http, LlmTask task, string model)
    {
        _dialect = dialect;
        _http = http;
        _task = task;
        _model = model;
        _call = new ProviderCall(dialect.Provider, dialect.Secrets, model);
        if (UrlOf(task) is null)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"Provider '{dialect.Provider}' does not serve task '{task.ToWire()}'.");
        }
    }

    public bool Supports(LlmTask task) => task == _task;

    public async Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct)
    {
        using var message = await BuildAsync(request, stream: false, ct);
        using var answer = await _http.SendForJsonAsync(_call, message, ct);
        return request.Task == LlmTask.Embeddings
            ? OpenAiAnswerReader.ReadEmbeddings(answer.RootElement, _model, request.Inputs.Count)
            : OpenAiAnswerReader.ReadAnswer(answer.RootElement, _model);
    }

    public async IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        ProviderTasks.RefuseStreamedEmbeddings(request);

        using var message = await BuildAsync(request, stream: true, ct);
        await using var stream = await _http.SendForStreamAsync(_call, message, ct);
        var chunks = new List<LlmChunk>(2);
        await foreach (var item in stream.ReadEventsAsync())
        {
            if (item.DataIs("[DONE]"u8))
            {
                yield break;
            }

            chunks.Clear();
            try
            {
                OpenAiAnswerReader.ReadChunk(_call, item.Data, _model, chunks);
            }
            catch (System.Text.Json.JsonException)
            {
                throw new ProviderException(_dialect.Provider, null, $"{_dialect.Provider} streamed an event this server could not read");
            }

            foreach (var chunk in chunks)
            {
                yield return chunk;
            }
        }
    }

    private async ValueTask<HttpRequestMessage> BuildAsync(LlmRequest request, bool stream, CancellationToken ct)
    {
        if (request.Task != _task)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"This model serves '{_task.ToWire()}', not '{request.Task.ToWire()}'.");
        }

        if (request.Task == LlmTask.Completions && _dialect.CompletionsUrl is null && request.Prompts.Count > 1)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"Provider '{_dialect.Provider}' answers chat only, so a completions query may have one prompt; it has {request.Prompts.Count}.");
        }

        var message = new HttpRequestMessage(HttpMethod.Post, UrlOf(request.Task))
        {
            Content = JsonRequestBody.Create((_dialect, request, stream), OpenAiRequestWriter.Write),
        };
        await _dialect.Auth.ApplyAsync(message, ct);
        return message;
    }

    // A chat-only provider answers completions through its chat URL.
    private Uri? UrlOf(LlmTask task) => task switch
    {
        LlmTask.Chat => _dialect.ChatUrl,
        LlmTask.Completions => _dialect.CompletionsUrl ?? _dialect.ChatUrl,
        _ => _dialect.EmbeddingsUrl,
    };

    public void Dispose()
    {
    }
}
