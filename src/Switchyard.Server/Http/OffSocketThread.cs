using System.Runtime.CompilerServices;

namespace Switchyard.Server.Http;

/// <summary>
/// <c>await OffSocketThread.Move()</c> before CPU-heavy work in a request: it goes on at once on a
/// thread-pool thread (the usual case) and moves to the pool from any other thread. With
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> (docs/operations.md) requests run on the
/// socket engine's own event threads, which saves the proxy path a thread hop each way but must not
/// be held by a model run: every connection on that thread would wait for it.
/// </summary>
public readonly struct OffSocketThread : ICriticalNotifyCompletion
{
    public static OffSocketThread Move() => default;

    public OffSocketThread GetAwaiter() => this;

    public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static run => run(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static run => run(), continuation, preferLocal: false);
}
