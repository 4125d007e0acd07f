using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Switchyard.Testing.Services;

/// <summary>What the real-service fixtures share: running a tool to its end, and a free loopback port.</summary>
public static class ServiceProcess
{
    /// <summary>Runs <paramref name="file"/> and answers its output; a non-zero exit fails with what it printed.</summary>
    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}{output.Result}");
        }

        return output.Result;
    }

    /// <summary>
    /// Runs the shell command <paramref name="cleanup"/> once this test process has ended, however it
    /// ends. The services the tests start daemonize, so they outlive a test process that is killed
    /// (a hung run's timeout, kill -9) and runs no exit handler: a watcher in its own session polls
    /// for this process and cleans up after it. Cleaning up what a normal exit already cleaned must do no harm.
    /// </summary>
    public static void CleanUpWhenProcessEnds(string cleanup) => CleanUpWhenProcessEnds(cleanup, Environment.ProcessId);

    /// <summary>Runs <paramref name="cleanup"/> once the process <paramref name="processId"/> has ended.</summary>
    public static void CleanUpWhenProcessEnds(string cleanup, int processId)
    {
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            // Its own pipes, closed at once below: the watcher must not hold the test runner's output open.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec </dev/null >/dev/null 2>&1; while kill -0 {processId}; do sleep 1; done; {cleanup}");
        Process.Start(start)?.Dispose();
    }

    /// <summary>A cleanup for <see cref="CleanUpWhenProcessEnds"/>: kills the daemon whose pid file is still in <paramref name="folder"/>, then removes the folder.</summary>
    public static string KillByPidFile(string folder, string pidFile) =>
        $"[ -f {folder}/{pidFile} ] && kill -9 $(cat {folder}/{pidFile}); rm -rf {folder}";

    /// <summary>
    /// A cleanup for <see cref="CleanUpWhenProcessEnds"/>: kills process <paramref name="processId"/> if its
    /// command line still holds <paramref name="marker"/> (by then the id may belong to another process).
    /// </summary>
    public static string KillIfStillRunning(int processId, string marker) =>
        $"tr '\\0' ' ' < /proc/{processId}/cmdline 2>/dev/null | grep -qF -- '{marker}' && kill -9 {processId}";

    /// <summary>A loopback port no one listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first of <paramref name="candidates"/> that exists, or a failure saying what to install (tests skip nothing silently).</summary>
    public static string Find(string package, params string[] candidates) =>
        candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            $"{Path.GetFileName(candidates[0])} is not installed: these tests need Debian's {package} package (.ci/run installs it: apt-get install -y {package}).");
}
