namespace Switchyard.Core.Routing;

/// <summary>
/// Bounds how many requests a served entity executes at once (its workload size) and how many
/// may wait for a turn; past that, callers are told to come back later (429).
/// </summary>
public sealed class ConcurrencyGate(int slots, int queueLimit) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(slots, slots);
    private int _waiting;

    public int Slots => slots;

    /// <summary>Requests waiting for a slot now.</summary>
    public int Waiting => Math.Max(0, Volatile.Read(ref _waiting));

    /// <summary>Slots taken now.</summary>
    public int Busy => slots - _slots.CurrentCount;

    /// <summary>Takes a slot, waiting in the bounded queue if need be; false when the queue is full.</summary>
    public ValueTask<bool> EnterAsync(CancellationToken ct) =>
        _slots.Wait(0, CancellationToken.None) ? ValueTask.FromResult(true) : WaitForSlotAsync(ct);

    public void Exit() => _slots.Release();

    private async ValueTask<bool> WaitForSlotAsync(CancellationToken ct)
    {
        if (Interlocked.Increment(ref _waiting) > queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            return false;
        }

        try
        {
            await _slots.WaitAsync(ct);
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Dispose() => _slots.Dispose();
}
