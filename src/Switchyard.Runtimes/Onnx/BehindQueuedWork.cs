using System.Runtime.CompilerServices;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// <c>await BehindQueuedWork.Yield()</c> goes on at the back of the thread pool's global queue,
/// behind every work item already queued there (the reads of requests that came in meanwhile among
/// them); on an idle pool a thread picks it up at once.
/// </summary>
internal readonly struct BehindQueuedWork : ICriticalNotifyCompletion
{
    public static BehindQueuedWork Yield() => default;

    public BehindQueuedWork GetAwaiter() => this;

    public bool IsCompleted => false;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static run => run(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static run => run(), continuation, preferLocal: false);
}
