using Switchyard.Bench.Driving;
using Switchyard.Bench.Load;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Gateway;

/// <summary>
/// Charges one side its CPU. Cores (server, generators) are over the load's wall time. The
/// server's CPU per request runs on until <c>settle</c> after the load stops, on both sides
/// alike: the gateway hands captured rows to a background writer that flushes within seconds,
/// and that work belongs to the side that caused it, not to whichever side runs next. Other work
/// is read over the same longer window.
/// </summary>
public sealed class SideMeter(ChildProcess server, OpenLoopWorker generator, TimeSpan settle)
{
    /// <summary>Runs <paramref name="drive"/>, which answers its load and how many requests were answered well.</summary>
    public async Task<SideRound> MeasureAsync(Func<Task<(LoadResult Load, long Answered)>> drive)
    {
        var before = CpuReading.Take(server, generator);
        var (load, answered) = await drive();
        var loaded = CpuReading.Take(server, generator) - before;
        await Task.Delay(settle);
        var settled = CpuReading.Take(server, generator) - before;

        var wall = loaded.Wall.TotalSeconds;
        return new SideRound(
            load,
            loaded.Server.TotalSeconds / wall,
            answered > 0 ? settled.Server.TotalMicroseconds / answered : double.NaN,
            loaded.Client.TotalSeconds / wall,
            Math.Max(0, settled.Foreign.TotalSeconds / settled.Wall.TotalSeconds));
    }
}
