using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchyard.Bench.Profiling;

/// <summary>
/// Groups a <c>perf report --no-children -g none --sort comm,dso,sym -t '|'</c> of one serving
/// process by what the time went to (the kernel, the HTTP stack, the runtime, ONNX Runtime, JSON,
/// metrics, Switchyard's own code…) and turns each group's share into µs per request from the
/// process's measured CPU per request. Samples of wrk (a child of the probe) are left out.
/// </summary>
public static partial class PerfGroups
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: perf-groups REPORT_FILE|- CPU_US_PER_REQUEST");
            return 2;
        }

        var lines = args[0] == "-" ? Console.In.ReadToEnd().Split('\n') : File.ReadAllLines(args[0]);
        var microsPerRequest = double.Parse(args[1], CultureInfo.InvariantCulture);
        var shares = new Dictionary<string, double>();
        var total = 0.0;
        foreach (var line in lines)
        {
            var fields = line.Split('|');
            if (fields.Length < 4 || !fields[0].Trim().EndsWith('%') || fields[1].Trim() == "wrk")
            {
                continue;
            }

            var share = double.Parse(fields[0].Trim().TrimEnd('%'), CultureInfo.InvariantCulture);
            var group = GroupOf(fields[2].Trim(), fields[3].Trim());
            shares[group] = shares.GetValueOrDefault(group) + share;
            total += share;
        }

        Console.WriteLine($"| where | share of the process's samples | µs per request (of {microsPerRequest.ToString("F1", CultureInfo.InvariantCulture)}) |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (group, share) in shares.OrderByDescending(static s => s.Value).Where(s => s.Value / total >= 0.002))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {group} | {share / total:P1} | {share / total * microsPerRequest:F1} |"));
        }

        return 0;
    }

    /// <summary>The group of one symbol: JIT-compiled frames by their assembly, native ones by their library.</summary>
    private static string GroupOf(string dso, string symbol)
    {
        if (symbol.StartsWith("[k]", StringComparison.Ordinal))
        {
            return "kernel (syscalls, TCP, scheduling)";
        }

        if (dso.StartsWith("[JIT]", StringComparison.Ordinal) || dso.EndsWith(".dll", StringComparison.Ordinal))
        {
            var assembly = AssemblyName().Match(symbol) is { Success: true } match ? match.Groups[1].Value : "";
            return assembly switch
            {
                _ when assembly.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                    || assembly is "System.IO.Pipelines" or "System.Net.Sockets" or "System.Net.Primitives" => "Kestrel, ASP.NET Core, sockets (managed)",
                _ when assembly.StartsWith("OpenTelemetry", StringComparison.Ordinal) || assembly == "System.Diagnostics.DiagnosticSource" => "metrics (OpenTelemetry)",
                _ when assembly.StartsWith("Switchyard", StringComparison.Ordinal) || assembly == "switchyard" => "Switchyard's own code",
                _ when assembly.StartsWith("Microsoft.ML", StringComparison.Ordinal) => "ONNX Runtime (managed wrappers)",
                "System.Text.Json" => "System.Text.Json",
                "System.Private.CoreLib" => "CoreLib (numbers, buffers, thread pool, tasks)",
                "System.Net.Http" => "System.Net.Http",
                _ => "other managed",
            };
        }

        return dso switch
        {
            _ when dso.Contains("onnxruntime", StringComparison.Ordinal) => "ONNX Runtime (native)",
            _ when dso.Contains("coreclr", StringComparison.Ordinal) || dso.Contains("clrjit", StringComparison.Ordinal) => "the .NET runtime (GC, JIT, stubs)",
            _ when dso.StartsWith("libc", StringComparison.Ordinal) => "libc (syscall entry, spin-yield)",
            _ => "other native",
        };
    }

    [GeneratedRegex(@"\[([A-Za-z][\w.]*)\]\s")]
    private static partial Regex AssemblyName();
}
