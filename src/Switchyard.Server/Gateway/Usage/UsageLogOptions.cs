namespace Switchyard.Server.Gateway.Usage;

/// <summary>How much the usage log holds in memory and how often it writes.</summary>
public sealed class UsageLogOptions
{
    /// <summary>Rows waiting to be written, at most; a row appended to a full queue is dropped and counted.</summary>
    public int Capacity { get; init; } = 50_000;

    /// <summary>
    /// The longest a row waits before its batch is written (real time, not the injected clock, so
    /// a test's frozen clock never holds rows back). A row arriving after a quiet spell is written
    /// at once; under steady traffic, one write per window takes everything queued.
    /// </summary>
    public TimeSpan WriteWindow { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rows per transaction, at most, so one write never holds the database for long.</summary>
    public int MaxBatch { get; init; } = 5_000;
}
