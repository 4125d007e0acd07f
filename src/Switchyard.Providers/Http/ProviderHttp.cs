using System.Net.Http.Headers;
using System.Text.Json;

namespace Switchyard.Providers.Http;

/// <summary>
/// The one way every provider adapter sends a request: over the shared pooled handler, with the
/// configured timeout, and with one error path (a non-2xx answer, a timeout or a connection
/// failure becomes a <see cref="Core.Llm.ProviderException"/> that never carries a key). The handler
/// is called through a bare <see cref="HttpMessageInvoker"/>: <see cref="HttpClient"/>'s layer would
/// add a linked cancellation source and a state machine to every call for settings not used here.
/// </summary>
public sealed class ProviderHttp(HttpMessageInvoker client, ExternalModelOptions options) : IDisposable
{
    public ExternalModelOptions Options => options;

    /// <summary>Sends <paramref name="request"/> and parses its whole JSON answer. The caller disposes the document.</summary>
    internal async Task<JsonDocument> SendForJsonAsync(ProviderCall call, HttpRequestMessage request, CancellationToken ct)
    {
        using var span = ProviderSpan.Start(call);
        using var deadline = new CallDeadline(options.RequestTimeout, ct);
        try
        {
            using var response = await client.SendAsync(request, deadline.Token);
            ProviderSpan.Answered(span, response);
            if (!response.IsSuccessStatusCode)
            {
                throw await ProviderErrors.FromAnswerAsync(call, response, deadline.Token);
            }

            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            return await JsonDocument.ParseAsync(body, default, deadline.Token);
        }
        catch (Exception e) when (Failed(span, e) && ProviderErrors.Translate(call, request, e, options.RequestTimeout, ct) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> for a streamed answer and returns as soon as the headers
    /// arrive; the timeout covers only that wait. Disposing the result (or cancelling
    /// <paramref name="ct"/>) closes the upstream response at once.
    /// </summary>
    internal async Task<ProviderStream> SendForStreamAsync(ProviderCall call, HttpRequestMessage request, CancellationToken ct)
    {
        // The span lasts as long as the stream: the stream ends it when disposed.
        var span = ProviderSpan.Start(call);
        var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.RequestTimeout);
        HttpResponseMessage? response = null;
        try
        {
            // A caller that reads another framing (Bedrock's event stream) names its own type.
            if (request.Headers.Accept.Count == 0)
            {
                request.Headers.Accept.Add(EventStream);
            }

            // The handler answers once the headers are in; the body is read as the events come.
            response = await client.SendAsync(request, limit.Token);
            ProviderSpan.Answered(span, response);
            if (!response.IsSuccessStatusCode)
            {
                throw await ProviderErrors.FromAnswerAsync(call, response, limit.Token);
            }

            var body = await response.Content.ReadAsStreamAsync(limit.Token);
            limit.CancelAfter(Timeout.InfiniteTimeSpan);
            var stream = new ProviderStream(call, request, response, body, limit, options.RequestTimeout, ct, span);
            response = null;
            limit = null;
            span = null;
            return stream;
        }
        catch (Exception e) when (Failed(span, e) && ProviderErrors.Translate(call, request, e, options.RequestTimeout, ct) is { } translated)
        {
            throw translated;
        }
        finally
        {
            response?.Dispose();
            limit?.Dispose();
            span?.Dispose();
        }
    }

    /// <summary>Marks the call's span failed; always true, so the exception filter it sits in goes on to translate.</summary>
    private static bool Failed(System.Diagnostics.Activity? span, Exception error)
    {
        ProviderSpan.Failed(span, error);
        return true;
    }

    /// <summary>Closes the pooled connections (the host disposes this singleton at shutdown).</summary>
    public void Dispose() => client.Dispose();

    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
}
