namespace Switchyard.Core.Logs;

/// <summary>
/// How much one <see cref="EntityLog"/> keeps: at most <paramref name="MaxLines"/> lines and
/// <paramref name="MaxBytes"/> bytes of UTF-8 (the oldest lines go first), and at most
/// <paramref name="FailureLinesPerSecond"/> failure lines a second (the rest are counted).
/// </summary>
public sealed record LogLimits(int MaxLines, int MaxBytes, int FailureLinesPerSecond)
{
    /// <summary>A build log: one load's steps, a few reloads' worth.</summary>
    public static LogLimits Build { get; } = new(MaxLines: 500, MaxBytes: 128 * 1024, FailureLinesPerSecond: 20);

    /// <summary>A runtime log: the recent events of a long-lived entity.</summary>
    public static LogLimits Runtime { get; } = new(MaxLines: 1000, MaxBytes: 256 * 1024, FailureLinesPerSecond: 5);
}
