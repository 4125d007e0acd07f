using System.Globalization;
using System.Runtime.InteropServices;

namespace Switchyard.Bench.Driving;

/// <summary>What the figures were measured on, and how much CPU the hypervisor stole meanwhile.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(static l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{model ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    }

    /// <summary>(steal, total) jiffies of all CPUs from /proc/stat; zeros where there is none.</summary>
    public static (long Steal, long Total) CpuJiffies()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var values = Array.ConvertAll(fields, static f => long.Parse(f, CultureInfo.InvariantCulture));
        return (values.Length > 7 ? values[7] : 0, values.Sum());
    }
}
