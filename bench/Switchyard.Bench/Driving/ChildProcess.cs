using System.Diagnostics;

namespace Switchyard.Bench.Driving;

/// <summary>
/// A role of this same binary started as a child process, so that the load generator, the
/// server and the raw loop never share a process (nor a GC or thread pool).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public StreamWriter Input => _process.StandardInput;

    /// <summary>CPU seconds the child has used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static ChildProcess StartRole(string mode, IEnumerable<string> args, bool redirectInput = false, IEnumerable<string>? environment = null)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };

        // NAME=VALUE pairs for this child only (runtime knobs tried on the server alone).
        foreach (var pair in environment ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            info.Environment[pair[..eq]] = pair[(eq + 1)..];
        }

        // Under "dotnet Switchyard.Bench.dll" the process path is the host; give it the assembly.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        info.ArgumentList.Add(mode);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return ChildReaper.Track(new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {mode}")));
    }

    /// <summary>Next stdout line that starts with the prefix (other lines are the child's chatter).</summary>
    public async Task<string> ReadLineStartingWithAsync(string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await _process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"child {_process.Id} ended before printing {prefix}");
    }

    /// <summary>Keeps draining stdout so a chatty child never blocks on a full pipe.</summary>
    public void DrainOutput() => _ = Task.Run(async () =>
    {
        while (await _process.StandardOutput.ReadLineAsync() is not null)
        {
        }
    });

    public void Dispose()
    {
        ChildReaper.Forget(this);
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
