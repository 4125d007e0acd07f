using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Switchyard.Bench.Load;

/// <summary>
/// Sleeps until an absolute <see cref="Stopwatch"/> timestamp with tens-of-microseconds accuracy:
/// <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c>, the clock Stopwatch reads on Linux,
/// with the thread's timer slack cut to 1 ns. <c>Thread.Sleep</c> rounds to whole milliseconds,
/// which at 500 req/s would delay sends by up to half an interval and blur a 250 µs difference.
/// Elsewhere it falls back to sleeping to within 2 ms and yielding the rest.
/// </summary>
public static partial class PreciseClock
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int SetTimerSlack = 29;

    private static readonly bool Native = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Call once on the thread that will sleep: a 1 ns timer slack instead of the default 50 µs.</summary>
    public static void TightenThisThread()
    {
        if (Native)
        {
            _ = Prctl(SetTimerSlack, 1, 0, 0, 0);
        }
    }

    public static void SleepUntil(long timestamp)
    {
        if (Native)
        {
            var when = new TimeSpec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };

            // EINTR (a signal) just wakes early; the loop goes back to sleep for the rest.
            while (Stopwatch.GetTimestamp() < timestamp && ClockNanosleep(ClockMonotonic, TimerAbsolute, in when, IntPtr.Zero) != 0)
            {
            }

            return;
        }

        while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp) is var left && left > TimeSpan.Zero)
        {
            if (left > TimeSpan.FromMilliseconds(2))
            {
                Thread.Sleep(left - TimeSpan.FromMilliseconds(2));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, in TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
