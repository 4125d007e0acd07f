using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Switchyard.Testing.Hosting;

namespace Switchyard.Testing.Services;

/// <summary>
/// One server process, started as an operator starts a replica (<c>dotnet switchyard.dll</c> with flags),
/// so a test can kill it with SIGKILL, stop it with SIGTERM, and start it again on the same port.
/// Its output is kept for the failure message.
/// </summary>
public sealed class ReplicaProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public ReplicaProcess(string name, int port, params string[] arguments)
    {
        Name = name;
        Port = port;
        _arguments = arguments;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerUnderTest.AdminToken);
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>A client to this replica alone, as the admin.</summary>
    public HttpClient Client { get; }

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>False to start as an operator does the first time, without <c>--admin-token</c> (the server then mints one).</summary>
    public bool SuppliesAdminToken { get; init; } = true;

    /// <summary>Starts the process and waits until <c>/health</c> answers.</summary>
    public async Task StartAsync()
    {
        var server = Path.Combine(AppContext.BaseDirectory, "switchyard.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] token = SuppliesAdminToken ? ["--admin-token", ServerUnderTest.AdminToken] : [];
        foreach (var argument in (string[])[server, "--urls", $"http://127.0.0.1:{Port}", "--replica-name", Name, .. token,
            "--Logging:LogLevel:Default=Warning", .. _arguments])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("the server process did not start");
        // A test process killed outright must not leave its replicas serving.
        ServiceProcess.CleanUpWhenProcessEnds(ServiceProcess.KillIfStillRunning(_process.Id, $"127.0.0.1:{Port} --replica-name {Name}"));
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"replica {Name} exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                if ((await Client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"replica {Name} did not answer /health within 60 s:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: the process dies at once, with requests in flight and without leaving.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for the exit and answers its code.</summary>
    public async Task<int> TerminateAsync(TimeSpan wait)
    {
        if (_process is null || _process.HasExited)
        {
            return _process?.ExitCode ?? 0;
        }

        await SignalAsync("TERM");
        return await WaitForExitAsync(wait);
    }

    /// <summary>Sends the signal (TERM, INT…) without waiting for anything; answers kill's exit code.</summary>
    public Task<int> SignalAsync(string signal)
    {
        ServiceProcess.Run("kill", $"-{signal}", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.FromResult(0);
    }

    /// <summary>Waits for the process to exit and answers its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        await _process!.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_process is { HasExited: false })
        {
            try
            {
                await TerminateAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        _process?.Dispose();
    }
}
