using System.Diagnostics;
using System.Globalization;

namespace Switchyard.Bench.Driving;

/// <summary>
/// CPU time the whole machine spent in user and system mode (/proc/stat), and this process's
/// own. Over a round, machine − server − wrk − orchestrator is what other work took: on a
/// shared 2-core box that is the noise to detect, since it lands on one side of a ratio only.
/// </summary>
public static class MachineCpu
{
    private const double TicksPerSecond = 100;

    public static TimeSpan Busy()
    {
        if (!File.Exists("/proc/stat"))
        {
            return TimeSpan.Zero;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // user + nice + system; irq and softirq are left out because the kernel may charge our
        // own loopback traffic there rather than to the processes.
        var ticks = long.Parse(fields[1], CultureInfo.InvariantCulture)
            + long.Parse(fields[2], CultureInfo.InvariantCulture)
            + long.Parse(fields[3], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public static TimeSpan Self()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
