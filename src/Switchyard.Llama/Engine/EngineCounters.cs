namespace Switchyard.Llama.Engine;

/// <summary>
/// The engine's running counters: written by its loop (and by submitters for the queue depth),
/// read by anyone through <see cref="Snapshot"/>. Plain Interlocked adds, nothing allocated per token.
/// </summary>
internal sealed class EngineCounters
{
    private long _requests;
    private long _promptTokens;
    private long _completionTokens;
    private long _forwardPasses;
    private long _busyTicks;
    private long _firstTokenTicks;
    private long _firstTokenCount;
    private long _interTokenTicks;
    private long _interTokenCount;
    private int _queued;
    private int _busySlots;

    public long ForwardPasses => Interlocked.Read(ref _forwardPasses);

    public int BusySlots => Volatile.Read(ref _busySlots);

    public int Queued => Volatile.Read(ref _queued);

    /// <summary>A request came in: its prompt tokens count, and its choices wait for slots.</summary>
    public void Submitted(int promptTokens, int choices)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _queued, choices);
    }

    /// <summary>A waiting choice got a slot or was dropped.</summary>
    public void LeftQueue() => Interlocked.Decrement(ref _queued);

    public void ForwardPass() => Interlocked.Increment(ref _forwardPasses);

    public void SetBusySlots(int slots) => Volatile.Write(ref _busySlots, slots);

    public void Busy(TimeSpan span) => Interlocked.Add(ref _busyTicks, span.Ticks);

    public void FirstToken(TimeSpan sinceSubmit)
    {
        Interlocked.Add(ref _firstTokenTicks, sinceSubmit.Ticks);
        Interlocked.Increment(ref _firstTokenCount);
    }

    public void Token(TimeSpan? sincePrevious)
    {
        Interlocked.Increment(ref _completionTokens);
        if (sincePrevious is { } gap)
        {
            Interlocked.Add(ref _interTokenTicks, gap.Ticks);
            Interlocked.Increment(ref _interTokenCount);
        }
    }

    public EngineMetrics Snapshot(int slots, int contextPerSlot, double provisioned, TimeSpan busyNow)
    {
        var busySeconds = TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks)).TotalSeconds + busyNow.TotalSeconds;
        var prompt = Interlocked.Read(ref _promptTokens);
        var completion = Interlocked.Read(ref _completionTokens);
        return new EngineMetrics(
            Interlocked.Read(ref _requests),
            prompt,
            completion,
            ForwardPasses,
            busySeconds > 0 ? prompt / busySeconds : 0,
            busySeconds > 0 ? completion / busySeconds : 0,
            AverageMs(Interlocked.Read(ref _firstTokenTicks), Interlocked.Read(ref _firstTokenCount)),
            AverageMs(Interlocked.Read(ref _interTokenTicks), Interlocked.Read(ref _interTokenCount)),
            Math.Max(Queued, 0),
            BusySlots,
            slots,
            contextPerSlot,
            provisioned);
    }

    private static double AverageMs(long ticks, long count) =>
        count == 0 ? 0 : TimeSpan.FromTicks(ticks / count).TotalMilliseconds;
}
