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
