using System.Globalization;

namespace Switchyard.Bench.Driving;

/// <summary>
/// CPU time of this process's children that have exited and been waited for (cutime + cstime in
/// /proc/self/stat). Read around a wrk run it gives wrk's own CPU, which shares the 2 cores with
/// the server and so belongs in the report.
/// </summary>
public static class ReapedChildrenCpu
{
    /// <summary>Linux reports these fields in clock ticks, 100 per second on every common build.</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan Read()
    {
        if (!File.Exists("/proc/self/stat"))
        {
            return TimeSpan.Zero;
        }

        // Fields after the ")" that closes the command name; cutime and cstime are fields 16 and 17.
        var text = File.ReadAllText("/proc/self/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
