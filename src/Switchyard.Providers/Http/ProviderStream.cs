namespace Switchyard.Providers.Http;

/// <summary>
/// A provider's streamed answer, open: read its events with <see cref="ReadEventsAsync"/>. Disposing
/// it, or cancelling the caller's token, closes the upstream connection at once.
/// </summary>
internal sealed class ProviderStream : IAsyncDisposable
{
    private readonly ProviderCall _call;
    private readonly HttpRequestMessage _request;
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly CancellationTokenSource _limit;
    private readonly CancellationToken _callerToken;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenRegistration _onCancel;
    private readonly System.Diagnostics.Activity? _span;

    public ProviderStream(
        ProviderCall call, HttpRequestMessage request, HttpResponseMessage response, Stream body,
        CancellationTokenSource limit, TimeSpan timeout, CancellationToken callerToken, System.Diagnostics.Activity? span = null)
    {
        _span = span;
        _call = call;
        _request = request;
        _response = response;
        _body = body;
        _limit = limit;
        _callerToken = callerToken;
        _timeout = timeout;
        // The client went away: drop the upstream response now rather than at the next read.
        _onCancel = callerToken.UnsafeRegister(static state => ((HttpResponseMessage)state!).Dispose(), response);
    }

    /// <summary>The answer's bytes as they arrive, for a framing other than SSE (Bedrock's event stream).</summary>
    public Stream Body => _body;

    /// <summary>The events as they arrive; a broken connection becomes a ProviderException.</summary>
    public async IAsyncEnumerable<SseEvent> ReadEventsAsync()
    {
        var events = SseReader.ReadAsync(_body, _limit.Token).GetAsyncEnumerator(_limit.Token);
        try
        {
            while (true)
            {
                // Checked before and after each read: once the caller is gone, a closed stream is not a finished one.
                _callerToken.ThrowIfCancellationRequested();
                bool more;
                try
                {
                    more = await events.MoveNextAsync();
                }
                catch (Exception e) when (_callerToken.IsCancellationRequested && e is not OperationCanceledException)
                {
                    throw new OperationCanceledException("The caller went away.", e, _callerToken);
                }
                catch (Exception e) when (ProviderErrors.Translate(_call, _request, e, _timeout, _callerToken) is { } translated)
                {
                    throw translated;
                }

                _callerToken.ThrowIfCancellationRequested();
                if (!more)
                {
                    yield break;
                }

                yield return events.Current;
            }
        }
        finally
        {
            await events.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _onCancel.DisposeAsync();
        await _body.DisposeAsync();
        _response.Dispose();
        _limit.Dispose();
        _span?.Dispose();
    }
}
