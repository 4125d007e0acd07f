using System.Collections.Concurrent;

namespace Switchyard.Server.Serving;

/// <summary>
/// One async lock per endpoint name, held for each read-modify-write of its stored state, so a
/// config update, a rollout's commit and a delete never interleave.
/// </summary>
public sealed class EndpointLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string endpointName, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(endpointName, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
