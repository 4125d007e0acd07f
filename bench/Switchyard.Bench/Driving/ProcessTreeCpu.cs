using System.Globalization;

namespace Switchyard.Bench.Driving;

/// <summary>
/// CPU time (user + system) of a process and all its living descendants, from /proc: nginx's
/// work is done by worker processes that the master's own counters do not include.
/// </summary>
public static class ProcessTreeCpu
{
    private const double TicksPerSecond = 100;

    public static TimeSpan Read(int rootPid)
    {
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));

                // Fields after the ")" that closes the command name: state, ppid, … utime (14th), stime (15th).
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                stats[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The process ended while the table was read.
            }
        }

        long total = 0;
        var tree = new HashSet<int> { rootPid };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (pid, stat) in stats)
            {
                if (tree.Contains(stat.Parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }

        foreach (var pid in tree)
        {
            if (stats.TryGetValue(pid, out var stat))
            {
                total += stat.Ticks;
            }
        }

        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }
}
