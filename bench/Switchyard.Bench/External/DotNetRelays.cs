using Switchyard.Bench.Driving;

namespace Switchyard.Bench.External;

/// <summary>The two <see cref="RelayServer"/> children of <c>run-external</c>, each relaying to both stand-ins in turn.</summary>
public sealed class DotNetRelays : IDisposable
{
    private DotNetRelays(Relay bare, Relay yarp)
    {
        Bare = bare;
        Yarp = yarp;
    }

    public Relay Bare { get; }

    public Relay Yarp { get; }

    public static async Task<DotNetRelays> StartAsync(Uri a, Uri b, string[] environment)
    {
        var bare = await StartAsync("bare", a, b, environment);
        try
        {
            return new DotNetRelays(bare, await StartAsync("yarp", a, b, environment));
        }
        catch
        {
            bare.Process.Dispose();
            throw;
        }
    }

    private static async Task<Relay> StartAsync(string kind, Uri a, Uri b, string[] environment)
    {
        var url = FreePort.Next();
        var process = ChildProcess.StartRole("serve-relay",
            ["--urls", url.ToString(), "--kind", kind, "--upstream", a.ToString(), "--upstream", b.ToString(), "--Logging:LogLevel:Default=Warning"], environment: environment);
        process.DrainOutput();
        await BenchRun.WaitListeningAsync(url);
        BenchSession.Log($".NET relay ({kind}, pid {process.Id}) at {url}");
        return new Relay(process, url);
    }

    public void Dispose()
    {
        Bare.Process.Dispose();
        Yarp.Process.Dispose();
    }

    public sealed record Relay(ChildProcess Process, Uri Url);
}
