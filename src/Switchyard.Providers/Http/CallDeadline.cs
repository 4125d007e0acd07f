using System.Collections.Concurrent;

namespace Switchyard.Providers.Http;

/// <summary>
/// The cancellation of one whole provider call: the caller's token or the configured timeout,
/// whichever comes first. Its source comes from a small pool and goes back to it when its timer
/// did not fire (<see cref="CancellationTokenSource.TryReset"/>), so a call does not allocate a
/// linked source and a timer of its own; the caller's token is followed by a registration instead.
/// </summary>
internal struct CallDeadline : IDisposable
{
    // Enough for every call in flight on a busy host; beyond it sources are simply dropped.
    private const int PoolLimit = 256;
    private static readonly ConcurrentQueue<CancellationTokenSource> Pool = new();

    private CancellationTokenSource? _source;
    private CancellationTokenRegistration _caller;

    public CallDeadline(TimeSpan timeout, CancellationToken callerToken)
    {
        _source = Pool.TryDequeue(out var pooled) ? pooled : new CancellationTokenSource();
        _source.CancelAfter(timeout);
        _caller = callerToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _source);
    }

    public readonly CancellationToken Token => _source!.Token;

    public void Dispose()
    {
        if (_source is not { } source)
        {
            return;
        }

        _source = null;
        // Waits for a caller's cancellation running on another thread, so the source is settled before it is reused.
        _caller.Dispose();
        if (source.TryReset() && Pool.Count < PoolLimit)
        {
            Pool.Enqueue(source);
        }
        else
        {
            source.Dispose();
        }
    }
}
