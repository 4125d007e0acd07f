using System.Globalization;
using Switchyard.Bench.Driving;

namespace Switchyard.Bench.Load;

/// <summary>
/// The open-loop generator as a child process of the orchestrator (its own GC and thread pool,
/// its CPU counted apart): one <c>run</c> or <c>warm</c> line per side, one result line back.
/// </summary>
public sealed class OpenLoopWorker : IDisposable
{
    /// <summary>Connections a warm-up opens (one request each, not measured) before its schedule starts.</summary>
    public const int WarmConnections = 32;

    private readonly ChildProcess _process;

    private OpenLoopWorker(ChildProcess process) => _process = process;

    /// <summary>CPU seconds the generator has used so far.</summary>
    public TimeSpan CpuTime => _process.CpuTime;

    /// <summary>Starts the generator; every request it sends carries <c>Authorization: Bearer <paramref name="token"/></c>.</summary>
    public static async Task<OpenLoopWorker> StartAsync(string token)
    {
        var process = ChildProcess.StartRole("open-loop",
            ["--token", token, "--connections", WarmConnections.ToString(CultureInfo.InvariantCulture)], redirectInput: true);
        try
        {
            await process.ReadLineStartingWithAsync("READY", TimeSpan.FromSeconds(60));
            return new OpenLoopWorker(process);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends POSTs of the body in <paramref name="bodyFile"/> at <paramref name="rate"/> a second for
    /// <paramref name="duration"/>; <paramref name="warm"/> first opens the connection pool.
    /// </summary>
    public async Task<OpenLoopResult> RunAsync(Uri url, string bodyFile, TimeSpan duration, double rate, bool warm)
    {
        await _process.Input.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{(warm ? "warm" : "run")} {url} {bodyFile} {duration.TotalSeconds:F0} {rate:F0}"));
        await _process.Input.FlushAsync();
        return OpenLoopResult.ParseLine(await _process.ReadLineStartingWithAsync("OPENLOOP", duration + TimeSpan.FromSeconds(60)));
    }

    /// <summary>Asks the generator to end, then makes sure it has.</summary>
    public void Dispose()
    {
        try
        {
            _process.Input.WriteLine("quit");
            _process.Input.Flush();
        }
        catch (IOException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
