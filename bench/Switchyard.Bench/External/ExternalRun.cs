using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Bench.Driving;
using Switchyard.Bench.Load;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.External;

/// <summary>
/// External models through Switchyard against their floors (issue 5's benchmark). Layout, all
/// separate processes sharing every core, nothing pinned: two nginx stand-ins answering one fixed
/// OpenAI chat completion, an nginx proxy splitting 50/50 between them, the Switchyard server
/// with two external-model endpoints (one entity to stand-in A; a 50/50 split over A and B), the
/// open-loop generator, wrk, and this orchestrator (idle while a side runs).
/// (a) added latency at a fixed rate, open loop: direct to stand-in A, through nginx, through
/// Switchyard. (b) throughput with wrk at each connection count: nginx's split, the two .NET relays
/// (<see cref="RelayServer"/>: the floor of any proxy on .NET's HTTP stacks) and Switchyard's split.
/// Rounds interleave every side, so drift of the machine hits all of them alike.
/// </summary>
public static class ExternalRun
{
    public const string OneEndpoint = "ext-one";
    public const string SplitEndpoint = "ext-split";
    public const string StandInToken = "bench-provider-key";


    private const string AdminToken = BenchCredentials.AdminToken;

    public static Task<int> RunAsync(string[] args)
    {
        var options = ExternalOptions.Parse(args);
        return BenchSession.RunAsync("switchyard-bench-ext-", options.OutFile, scratch => MeasureAsync(options, scratch));
    }

    private static async Task<string> MeasureAsync(ExternalOptions options, string scratch)
    {
        using var standInA = await NginxProcess.StartStandInAsync("standin-a", scratch, ChatPayloads.StandInAnswer);
        using var standInB = await NginxProcess.StartStandInAsync("standin-b", scratch, ChatPayloads.StandInAnswer);
        using var proxy = await NginxProcess.StartSplitAsync(scratch, standInA.Url, standInB.Url);
        BenchSession.Log($"stand-ins {standInA.Url} (pid {standInA.Id}), {standInB.Url} (pid {standInB.Id}); nginx split {proxy.Url} (pid {proxy.Id})");

        // The relays get Switchyard's runtime knobs too, so that the .NET floor is measured under the same settings.
        using var relays = options.Relays ? await DotNetRelays.StartAsync(standInA.Url, standInB.Url, options.SwitchyardEnvironment) : null;
        ChildProcess? switchyard = null;
        Uri? switchyardUrl = null;
        try
        {
            if (!options.FloorsOnly)
            {
                switchyardUrl = FreePort.Next();
                switchyard = ChildProcess.StartRole("serve-switchyard",
                    ["--urls", switchyardUrl.ToString(), "--data-dir", Path.Combine(scratch, "data"), "--admin-token", AdminToken, "--Logging:LogLevel:Default=Warning"], environment: options.SwitchyardEnvironment);
                switchyard.DrainOutput();
                using var http = new HttpClient { BaseAddress = switchyardUrl, Timeout = TimeSpan.FromSeconds(120) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
                var control = new ControlPlane(http);
                await control.WaitHealthyAsync(TimeSpan.FromSeconds(60));
                await control.CreateEndpointAsync(OneEndpoint, new JsonObject { ["served_entities"] = new JsonArray(Entity("a", standInA.Url)) });
                await control.CreateEndpointAsync(SplitEndpoint, new JsonObject
                {
                    ["served_entities"] = new JsonArray(Entity("a", standInA.Url), Entity("b", standInB.Url)),
                    ["traffic_config"] = new JsonObject
                    {
                        ["routes"] = new JsonArray(
                            new JsonObject { ["served_model_name"] = "a", ["traffic_percentage"] = 50 },
                            new JsonObject { ["served_model_name"] = "b", ["traffic_percentage"] = 50 }),
                    },
                });
                var answer = await control.InvokeAsync(OneEndpoint, ChatPayloads.EndpointBody);
                BenchSession.Log($"Switchyard (pid {switchyard.Id}) serves {OneEndpoint} and {SplitEndpoint}; it answers {answer.Length} bytes: {Encoding.UTF8.GetString(answer)}");
            }

            return await MeasureRoundsAsync(options, scratch, standInA, standInB, proxy, relays, switchyard, switchyardUrl);
        }
        finally
        {
            switchyard?.Dispose();
        }
    }

    /// <summary>A served entity of the custom provider whose base is the stand-in's <c>/v1</c>.</summary>
    public static JsonObject Entity(string name, Uri standIn) => new()
    {
        ["name"] = name,
        ["external_model"] = new JsonObject
        {
            ["name"] = ChatPayloads.ProviderModel,
            ["provider"] = "custom",
            ["task"] = "llm/v1/chat",
            ["custom_provider_config"] = new JsonObject
            {
                ["custom_provider_url"] = new Uri(standIn, "/v1").ToString(),
                ["bearer_token_auth"] = new JsonObject { ["token_plaintext"] = StandInToken },
            },
        },
    };

    private static async Task<string> MeasureRoundsAsync(ExternalOptions options, string scratch, NginxProcess standInA, NginxProcess standInB,
        NginxProcess proxy, DotNetRelays? relays, ChildProcess? switchyard, Uri? switchyardUrl)
    {
        var providerBody = Path.Combine(scratch, "provider-body.json");
        var endpointBody = Path.Combine(scratch, "endpoint-body.json");
        await File.WriteAllTextAsync(providerBody, ChatPayloads.ProviderBody);
        await File.WriteAllTextAsync(endpointBody, ChatPayloads.EndpointBody);

        using var client = await OpenLoopWorker.StartAsync(AdminToken);
        var meter = new CpuMeter(switchyard, proxy, relays, standInA, standInB, client);

        // Every path carries the same Authorization header; nginx and the stand-ins ignore it.
        var direct = new Uri(standInA.Url, ChatPayloads.ProviderPath);
        var viaNginx = new Uri(proxy.Url, ChatPayloads.ProviderPath);
        var latencySides = new List<(string Name, Func<TimeSpan, bool, Task<ExternalSide>> Run)>
        {
            ("direct to stand-in A", (d, warm) => OpenLoopAsync(client, meter, direct, providerBody, d, options.Rate, warm, Proxy.None)),
            ("through nginx (50/50 split)", (d, warm) => OpenLoopAsync(client, meter, viaNginx, providerBody, d, options.Rate, warm, Proxy.Nginx)),
        };
        var throughputSides = new List<(string Name, Func<TimeSpan, Task<ExternalSide>> Run)>();
        foreach (var c in options.Connections)
        {
            var wrk = new WrkRunner(1, c, AdminToken, scratch);
            throughputSides.Add(($"c={c} nginx split", d => ClosedLoopAsync(wrk, meter, viaNginx, ChatPayloads.ProviderBody, d, Proxy.Nginx)));
            if (relays is not null)
            {
                var viaBare = new Uri(relays.Bare.Url, ChatPayloads.ProviderPath);
                var viaYarp = new Uri(relays.Yarp.Url, ChatPayloads.ProviderPath);
                throughputSides.Add(($"c={c} .NET relay (bare)", d => ClosedLoopAsync(wrk, meter, viaBare, ChatPayloads.ProviderBody, d, Proxy.BareRelay)));
                throughputSides.Add(($"c={c} .NET relay (YARP)", d => ClosedLoopAsync(wrk, meter, viaYarp, ChatPayloads.ProviderBody, d, Proxy.YarpRelay)));
            }

            if (switchyardUrl is not null)
            {
                var split = new Uri(switchyardUrl, $"/serving-endpoints/{SplitEndpoint}/invocations");
                throughputSides.Add(($"c={c} Switchyard split", d => ClosedLoopAsync(wrk, meter, split, ChatPayloads.EndpointBody, d, Proxy.Switchyard)));
            }
        }

        if (switchyardUrl is not null)
        {
            var one = new Uri(switchyardUrl, $"/serving-endpoints/{OneEndpoint}/invocations");
            latencySides.Add(("through Switchyard (one external model)", (d, warm) => OpenLoopAsync(client, meter, one, endpointBody, d, options.Rate, warm, Proxy.Switchyard)));
        }

        BenchSession.Log($"warm-up {options.WarmUp.TotalSeconds:F0} s per side");
        foreach (var side in latencySides)
        {
            await side.Run(options.WarmUp, true);
        }

        foreach (var side in throughputSides)
        {
            await side.Run(options.WarmUp);
        }

        var schedule = new QuietRounds(options.Rounds, options.MaxReruns, options.Patience);
        var rounds = await schedule.RunAsync(async round =>
        {
            var sides = new Dictionary<string, ExternalSide>(StringComparer.Ordinal);
            foreach (var side in latencySides)
            {
                sides[side.Name] = await side.Run(options.Round, false);
            }

            foreach (var side in throughputSides)
            {
                sides[side.Name] = await side.Run(options.Round);
            }

            BenchSession.Log(string.Create(CultureInfo.InvariantCulture, $"round {round}: ") + string.Join("; ", sides.Select(static s =>
                string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value.Rps:F0}/s p50 {s.Value.P50:F0} p99 {s.Value.P99:F0} µs"))));
            return sides;
        }, static sides => sides.Values.Max(static s => s.ForeignCores));

        var setup = string.Create(CultureInfo.InvariantCulture, $"""
            Machine: {MachineInfo.Describe()}; {NginxVersion()}; {schedule.Describe()}
            Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Rounds: {options.Rounds} × {options.Round.TotalSeconds:F0} s per side, interleaved, after {options.WarmUp.TotalSeconds:F0} s warm-up per side.
            Layout: unpinned; two nginx stand-ins (1 worker each), the nginx split (2 workers, upstream keep-alive), {(relays is null ? "" : "two .NET relays (bare Kestrel + SocketsHttpHandler, and YARP's forwarder), ")}Switchyard, the open-loop generator, wrk and the orchestrator are separate processes sharing all cores.
            Switchyard's (and the .NET relays') extra environment: {(options.SwitchyardEnvironment.Length == 0 ? "none" : string.Join(" ", options.SwitchyardEnvironment))}.
            (a) open loop at {options.Rate:F0} req/s, latency from each request's intended send time; (b) wrk -t1 closed loop at {string.Join(" and ", options.Connections.Select(static c => "c=" + c.ToString(CultureInfo.InvariantCulture)))}.
            """);
        return ExternalReport.Render(setup, [.. latencySides.Select(static s => s.Name)], [.. throughputSides.Select(static s => s.Name)], rounds, BenchSession.ForeignLimit);
    }

    private enum Proxy
    {
        None,
        Nginx,
        Switchyard,
        BareRelay,
        YarpRelay,
    }

    private static async Task<ExternalSide> OpenLoopAsync(OpenLoopWorker client, CpuMeter meter, Uri url, string bodyFile, TimeSpan duration,
        double rate, bool warm, Proxy proxy)
    {
        var before = meter.Take();
        var result = await client.RunAsync(url, bodyFile, duration, rate, warm);
        var spent = meter.Take() - before;
        return spent.Side(proxy, result.Sent - result.Errors, result.RequestsPerSecond, result.P50, result.P90, result.P99, result.P999, result.Max,
            result.Errors, result.SendLagP99);
    }

    private static async Task<ExternalSide> ClosedLoopAsync(WrkRunner wrk, CpuMeter meter, Uri url, string body, TimeSpan duration, Proxy proxy)
    {
        var before = meter.Take();
        var load = await wrk.RunAsync(url, body, duration);
        var spent = meter.Take() - before;
        return spent.Side(proxy, (long)(load.RequestsPerSecond * spent.Wall.TotalSeconds), load.RequestsPerSecond, load.P50Micros, double.NaN,
            load.P99Micros, double.NaN, double.NaN, load.Errors, double.NaN);
    }

    private static string NginxVersion()
    {
        try
        {
            using var nginx = Process.Start(new ProcessStartInfo("nginx", "-v") { RedirectStandardError = true, UseShellExecute = false });
            var text = nginx?.StandardError.ReadToEnd().Trim() ?? "nginx";
            nginx?.WaitForExit();
            return text.Replace("nginx version: ", "", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "nginx";
        }
    }


    /// <summary>Reads every party's CPU counters at once; the difference of two readings is one side's spend.</summary>
    private sealed class CpuMeter(ChildProcess? switchyard, NginxProcess proxy, DotNetRelays? relays, NginxProcess standInA, NginxProcess standInB, OpenLoopWorker openLoop)
    {
        public Reading Take() => new(
            Stopwatch.GetTimestamp(),
            switchyard?.CpuTime ?? TimeSpan.Zero,
            proxy.CpuTime,
            relays?.Bare.Process.CpuTime ?? TimeSpan.Zero,
            relays?.Yarp.Process.CpuTime ?? TimeSpan.Zero,
            standInA.CpuTime + standInB.CpuTime,
            openLoop.CpuTime + ReapedChildrenCpu.Read(),
            MachineCpu.Self(),
            MachineCpu.Busy());
    }

    private readonly record struct Reading(
        long At, TimeSpan Switchyard, TimeSpan Nginx, TimeSpan BareRelay, TimeSpan YarpRelay, TimeSpan StandIns, TimeSpan Client, TimeSpan Self, TimeSpan Machine)
    {
        public TimeSpan Wall => Stopwatch.GetElapsedTime(0, At);

        public static Reading operator -(Reading after, Reading before) => new(
            after.At - before.At, after.Switchyard - before.Switchyard, after.Nginx - before.Nginx, after.BareRelay - before.BareRelay,
            after.YarpRelay - before.YarpRelay, after.StandIns - before.StandIns, after.Client - before.Client, after.Self - before.Self,
            after.Machine - before.Machine);

        public ExternalSide Side(Proxy proxy, long answered, double rps, double p50, double p90, double p99, double p999, double max, long errors, double lag)
        {
            var wall = Wall.TotalSeconds;
            var proxyCpu = proxy switch
            {
                Proxy.Nginx => Nginx, Proxy.Switchyard => Switchyard, Proxy.BareRelay => BareRelay, Proxy.YarpRelay => YarpRelay, _ => TimeSpan.Zero,
            };

            // Whatever the machine spent beyond every party we know of (the idle proxies included) is other work.
            var foreign = Machine - Switchyard - Nginx - BareRelay - YarpRelay - StandIns - Client - Self;
            return new ExternalSide(rps, p50, p90, p99, p999, max, errors, lag,
                proxy == Proxy.None ? double.NaN : proxyCpu.TotalSeconds / wall,
                proxy == Proxy.None || answered == 0 ? double.NaN : proxyCpu.TotalMicroseconds / answered,
                StandIns.TotalSeconds / wall, answered == 0 ? double.NaN : StandIns.TotalMicroseconds / answered,
                Client.TotalSeconds / wall, Math.Max(0, foreign.TotalSeconds / wall));
        }
    }
}
