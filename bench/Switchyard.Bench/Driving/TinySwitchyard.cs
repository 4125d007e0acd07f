using System.Net.Http.Headers;
using System.Text;
using Switchyard.Bench.Models;

namespace Switchyard.Bench.Driving;

/// <summary>
/// What the side-by-side benches (gateway, shadow) and the control-plane benches (config scale,
/// wake burst) start from: one Switchyard child process on a free port with the tiny model
/// registered, its control plane, and the request body written to a file for the open-loop
/// generator. Disposing stops the server.
/// </summary>
public sealed class TinySwitchyard : IDisposable
{
    private readonly HttpClient _http;

    private TinySwitchyard(ChildProcess process, HttpClient http, ControlPlane control, Uri url, string bodyFile, string version)
    {
        Process = process;
        _http = http;
        Control = control;
        Url = url;
        BodyFile = bodyFile;
        Version = version;
    }

    public ChildProcess Process { get; }

    /// <summary>A client to the server as the admin.</summary>
    public HttpClient Http => _http;

    public ControlPlane Control { get; }

    public Uri Url { get; }

    /// <summary>The tiny model's request body, as a file the open-loop generator reads.</summary>
    public string BodyFile { get; }

    /// <summary>The registered version of the tiny model.</summary>
    public string Version { get; }

    /// <param name="serverArgs">Flags for the server beyond the bench's own (a setting a bench needs).</param>
    public static async Task<TinySwitchyard> StartAsync(string scratch, params string[] serverArgs)
    {
        var tinyDir = Path.Combine(scratch, "samples", BenchModels.TinyModel);
        BenchModels.WriteTiny(tinyDir);
        var bodyFile = Path.Combine(scratch, "tiny-body.json");
        await File.WriteAllTextAsync(bodyFile, BenchModels.TinyBody);

        var url = FreePort.Next();
        var process = ChildProcess.StartRole("serve-switchyard",
            ["--urls", url.ToString(), "--data-dir", Path.Combine(scratch, "data"), "--admin-token", BenchCredentials.AdminToken, "--Logging:LogLevel:Default=Warning",
             .. serverArgs]);
        process.DrainOutput();
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchCredentials.AdminToken);
        var control = new ControlPlane(http);
        try
        {
            await control.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            var version = await control.RegisterAsync(BenchModels.TinyModel, tinyDir);
            return new TinySwitchyard(process, http, control, url, bodyFile, version);
        }
        catch
        {
            http.Dispose();
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The one answer both endpoints give the tiny body; throws when they differ, since a side by
    /// side comparison of two endpoints that do different work measures nothing.
    /// </summary>
    public async Task<string> SameAnswerAsync(string first, string second)
    {
        var firstAnswer = Encoding.UTF8.GetString(await Control.InvokeAsync(first, BenchModels.TinyBody));
        var secondAnswer = Encoding.UTF8.GetString(await Control.InvokeAsync(second, BenchModels.TinyBody));
        return firstAnswer == secondAnswer
            ? firstAnswer
            : throw new InvalidOperationException($"the endpoints answer differently: {first} {firstAnswer}, {second} {secondAnswer}");
    }

    public void Dispose()
    {
        _http.Dispose();
        Process.Dispose();
    }
}
