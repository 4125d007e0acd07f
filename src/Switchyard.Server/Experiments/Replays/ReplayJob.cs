using Switchyard.Core.Experiments;
using Switchyard.Core.Identity;

namespace Switchyard.Server.Experiments.Replays;

/// <summary>
/// A replay while it runs: its request, who started it, its counts (read by the answers while the
/// job moves them) and the token that cancels it. <see cref="Sent"/> counts requests handed to the
/// target; each one then ends <see cref="Completed"/> (answered below 400) or <see cref="Failed"/>.
/// </summary>
public sealed class ReplayJob(ReplayRecord record, ReplayRequest request, string tableFolder, CallerIdentity caller) : IDisposable
{
    private long _total;
    private long _sent;
    private long _completed;
    private long _failed;

    public ReplayRecord Record => record;

    public ReplayRequest Request => request;

    public string TableFolder => tableFolder;

    public CallerIdentity Caller => caller;

    public CancellationTokenSource Cancel { get; } = new();

    /// <summary>True once a caller asked to cancel (as opposed to the server stopping).</summary>
    public bool CancelRequested { get; set; }

    public Task Run { get; set; } = Task.CompletedTask;

    public long Total { get => Interlocked.Read(ref _total); set => Interlocked.Exchange(ref _total, value); }

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountAnswered(bool failed) => Interlocked.Increment(ref failed ? ref _failed : ref _completed);

    /// <summary>The record with the counts as they stand.</summary>
    public ReplayRecord Progress() => record with { Total = Total, Sent = Sent, Completed = Completed, Failed = Failed };

    public void Dispose() => Cancel.Dispose();
}
