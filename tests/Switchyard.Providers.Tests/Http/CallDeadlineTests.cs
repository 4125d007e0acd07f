using Switchyard.Providers.Http;

namespace Switchyard.Providers.Tests.Http;

/// <summary>A whole call's cancellation: the timeout or the caller, and a pooled source is never handed out cancelled.</summary>
public sealed class CallDeadlineTests
{
    [Fact]
    public async Task Token_TimeoutElapses_Cancelled()
    {
        using var deadline = new CallDeadline(TimeSpan.FromMilliseconds(50), CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(TimeSpan.FromSeconds(30), deadline.Token));
    }

    [Fact]
    public async Task Token_CallerCancels_Cancelled()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new CallDeadline(TimeSpan.FromSeconds(30), caller.Token);

        await caller.CancelAsync();

        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task NewDeadline_AfterCallsThatTimedOutWereCancelledOrEndedInTime_StartsUncancelled()
    {
        for (var round = 0; round < 50; round++)
        {
            using (var caller = new CancellationTokenSource())
            using (var cancelled = new CallDeadline(TimeSpan.FromSeconds(30), caller.Token))
            {
                await caller.CancelAsync();
                Assert.True(cancelled.Token.IsCancellationRequested);
            }

            using (var timedOut = new CallDeadline(TimeSpan.FromMilliseconds(1), CancellationToken.None))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(TimeSpan.FromSeconds(30), timedOut.Token));
            }

            using (var inTime = new CallDeadline(TimeSpan.FromSeconds(30), CancellationToken.None))
            {
                Assert.False(inTime.Token.IsCancellationRequested);
            }

            // Whatever the pool now holds, a fresh call's token is not cancelled, and its caller still reaches it.
            using var next = new CallDeadline(TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.False(next.Token.IsCancellationRequested);
            await Task.Delay(TimeSpan.FromMilliseconds(2), next.Token);
        }
    }

    [Fact]
    public void Dispose_Twice_Harmless()
    {
        var deadline = new CallDeadline(TimeSpan.FromSeconds(30), CancellationToken.None);

        deadline.Dispose();
        deadline.Dispose();
    }
}
