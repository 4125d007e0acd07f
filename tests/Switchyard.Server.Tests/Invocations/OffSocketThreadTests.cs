using Switchyard.Server.Http;

namespace Switchyard.Server.Tests.Invocations;

/// <summary>Model runs leave a thread that is not the pool's (a socket thread under inline completions) and stay put on the pool's.</summary>
public sealed class OffSocketThreadTests
{
    [Fact]
    public async Task From_a_thread_outside_the_pool_the_work_goes_on_in_the_pool()
    {
        var moved = new TaskCompletionSource<(bool Before, bool After)>();
        var thread = new Thread(() => _ = MoveAsync(moved)) { IsBackground = true };

        thread.Start();
        var (before, after) = await moved.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(before);
        Assert.True(after);
    }

    [Fact]
    public async Task On_a_pool_thread_it_goes_on_at_once_on_the_same_thread()
    {
        var (poolThread, sameThread) = await Task.Run(async () =>
        {
            var id = Environment.CurrentManagedThreadId;
            var awaiter = OffSocketThread.Move().GetAwaiter();
            var completed = awaiter.IsCompleted;
            await OffSocketThread.Move();
            return (completed, id == Environment.CurrentManagedThreadId);
        });

        Assert.True(poolThread);
        Assert.True(sameThread);
    }

    private static async Task MoveAsync(TaskCompletionSource<(bool, bool)> moved)
    {
        var before = Thread.CurrentThread.IsThreadPoolThread;
        await OffSocketThread.Move();
        moved.SetResult((before, Thread.CurrentThread.IsThreadPoolThread));
    }
}
