namespace Switchyard.Bench.Driving;

/// <summary>
/// Waits, before each round, until the machine is quiet: other work on a 2-core box (a build,
/// another test run) would be charged to whichever side happened to run beside it.
/// </summary>
public static class QuietGate
{
    /// <summary>Busy share of all cores above which a one-second sample counts as "not quiet".</summary>
    private const double BusyLimit = 0.15;

    /// <summary>Answers the busy share last seen, and whether the machine got quiet before the deadline.</summary>
    public static async Task<(double Busy, bool Quiet)> WaitAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var busy = 1.0;
        while (DateTime.UtcNow < deadline)
        {
            var before = Sample();
            await Task.Delay(1000);
            var after = Sample();
            var total = after.Total - before.Total;
            busy = total > 0 ? 1.0 - ((double)(after.Idle - before.Idle) / total) : 0;
            if (busy <= BusyLimit)
            {
                return (busy, true);
            }
        }

        return (busy, false);
    }

    private static (long Idle, long Total) Sample()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var values = Array.ConvertAll(fields, static f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture));

        // idle + iowait count as idle.
        return (values[3] + values[4], values.Sum());
    }
}
