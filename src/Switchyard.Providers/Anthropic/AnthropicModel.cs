using System.Runtime.CompilerServices;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Anthropic;

/// <summary>
/// A Claude model behind Anthropic's Messages API (<c>POST /v1/messages</c>). Anthropic has no
/// <c>n</c>: a whole answer with n &gt; 1 is asked n times at once and the choices numbered; a
/// stream with n &gt; 1 is refused. Completions are asked as one user message. No embeddings.
/// </summary>
internal sealed class AnthropicModel : IGenerativeModel
{
    public const string PublicBase = "https://api.anthropic.com";

    public const string ApiVersion = "2023-06-01";

    /// <summary>The top of Anthropic's temperature range (message_create_params: temperature, 0.0 to 1.0).</summary>
    public const double MaxTemperature = 1.0;

    private readonly ProviderHttp _http;
    private readonly LlmTask _task;
    private readonly string _model;
    private readonly Uri _messagesUrl;
    private readonly string _key;
    private readonly ProviderCall _call;

    public AnthropicModel(ProviderHttp http, LlmTask task, string model, string baseUrl, string key)
    {
        if (task == LlmTask.Embeddings)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"Provider 'anthropic' serves no embeddings; {model} cannot serve task '{LlmTaskNames.Embeddings}'.");
        }

        _http = http;
        _task = task;
        _model = model;
        _messagesUrl = new Uri($"{baseUrl.TrimEnd('/')}/v1/messages");
        _key = key;
        _call = new ProviderCall(AnthropicProvider.ProviderName, [key], model);
    }

    public bool Supports(LlmTask task) => task == _task;

    public async Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct)
    {
        Check(request);
        if (request.N <= 1)
        {
            return await AskOnceAsync(request, 0, ct);
        }

        var asks = new Task<LlmResponse>[request.N];
        for (var i = 0; i < asks.Length; i++)
        {
            asks[i] = AskOnceAsync(request, i, ct);
        }

        var answers = await Task.WhenAll(asks);
        var choices = new List<LlmChoice>(answers.Length);
        int prompt = 0, completion = 0;
        foreach (var answer in answers)
        {
            choices.AddRange(answer.Choices);
            // The prompt is the same for every ask: count it once, and the completions of all.
            prompt = answer.Usage?.PromptTokens ?? prompt;
            completion += answer.Usage?.CompletionTokens ?? 0;
        }

        return answers[0] with { Choices = choices, Usage = new LlmUsage(prompt, completion) };
    }

    public async IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        Check(request);
        if (request.N > 1)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                "Anthropic has no n: a streamed query to it may ask for one choice only.");
        }

        using var message = Build(request, stream: true);
        await using var stream = await _http.SendForStreamAsync(_call, message, ct);
        var reader = new AnthropicStreamReader(_call, _model);
        await foreach (var item in stream.ReadEventsAsync())
        {
            LlmChunk? chunk;
            try
            {
                chunk = reader.Read(item);
            }
            catch (System.Text.Json.JsonException)
            {
                throw new ProviderException(AnthropicProvider.ProviderName, null, "anthropic streamed an event this server could not read");
            }

            if (chunk is not null)
            {
                yield return chunk;
            }

            if (reader.Finished)
            {
                yield break;
            }
        }

        // Anthropic always closes with message_stop; without it the answer was cut off.
        throw new ProviderException(AnthropicProvider.ProviderName, null, "anthropic ended the stream before message_stop");
    }

    private async Task<LlmResponse> AskOnceAsync(LlmRequest request, int index, CancellationToken ct)
    {
        using var message = Build(request, stream: false);
        using var answer = await _http.SendForJsonAsync(_call, message, ct);
        return AnthropicAnswerReader.ReadAnswer(answer.RootElement, _model, index);
    }

    private void Check(LlmRequest request)
    {
        if (request.Task != _task)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue, $"This model serves '{_task.ToWire()}', not '{request.Task.ToWire()}'.");
        }

        // Our temperature goes to 2 (OpenAI's range); Anthropic's stops at 1. Refused rather than
        // clamped, so that a caller never gets an answer sampled otherwise than asked.
        if (request.Temperature > MaxTemperature && !WireWriter.ExtraSets(request.ExtraParams, "temperature"))
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"temperature: provider 'anthropic' takes 0 to {MaxTemperature}; got {request.Temperature.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        if (request.Task == LlmTask.Completions && request.Prompts.Count > 1)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"Provider 'anthropic' answers chat only, so a completions query may have one prompt; it has {request.Prompts.Count}.");
        }
    }

    private HttpRequestMessage Build(LlmRequest request, bool stream)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, _messagesUrl)
        {
            Content = JsonRequestBody.Create((_model, request, stream), AnthropicRequestWriter.Write),
        };
        message.Headers.TryAddWithoutValidation("x-api-key", _key);
        message.Headers.TryAddWithoutValidation("anthropic-version", ApiVersion);
        return message;
    }

    public void Dispose()
    {
    }
}
