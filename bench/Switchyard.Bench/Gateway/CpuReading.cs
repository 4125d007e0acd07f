using System.Diagnostics;
using Switchyard.Bench.Driving;
using Switchyard.Bench.Load;

namespace Switchyard.Bench.Gateway;

/// <summary>
/// Every CPU counter a side is charged from, read at once: the server, the load generators (the
/// open-loop worker and wrk once reaped), this orchestrator and the whole machine. The
/// difference of two readings is what each party spent between them; what the machine spent
/// beyond them all is other work.
/// </summary>
public readonly record struct CpuReading(long At, TimeSpan Server, TimeSpan Client, TimeSpan Self, TimeSpan Machine)
{
    public static CpuReading Take(ChildProcess server, OpenLoopWorker generator) => new(
        Stopwatch.GetTimestamp(), server.CpuTime, generator.CpuTime + ReapedChildrenCpu.Read(), MachineCpu.Self(), MachineCpu.Busy());

    /// <summary>The time between two readings (meaningful on a difference only).</summary>
    public TimeSpan Wall => Stopwatch.GetElapsedTime(0, At);

    public TimeSpan Foreign => Machine - Server - Client - Self;

    public static CpuReading operator -(CpuReading after, CpuReading before) => new(
        after.At - before.At, after.Server - before.Server, after.Client - before.Client, after.Self - before.Self, after.Machine - before.Machine);
}
