using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Switchyard.Bench.Driving;
using Switchyard.Bench.External;
using Switchyard.Bench.Models;
using Switchyard.Server.Hosting;

namespace Switchyard.Bench.Serving;

/// <summary>
/// The server's cost per request under load, measured from inside: Switchyard runs in this
/// process, wrk drives each endpoint in turn, and the process's CPU time and managed bytes
/// allocated are divided by the requests served. Quicker than a full run for judging one change;
/// the setup client sits idle while wrk runs, so the figures are the server's alone. Run it with
/// workstation GC (<c>DOTNET_gcServer=0</c>) for the bytes: server GC's precise count can run
/// backwards. <c>--alloc-types</c> adds a sampled breakdown of the bytes by type; arguments
/// starting <c>--Logging:</c> go to the server; <c>--only tiny|mlp|mlp-batched|chat|stream</c> drives one endpoint
/// (<c>stream</c>: the chat query streamed, the provider's eight events relayed as they come).
/// </summary>
public static class ServerProbe
{
    private const string TinyEndpoint = "tiny";
    private const string MlpEndpoint = "mlp";
    private const string BatchedEndpoint = "mlp-batched";
    private const string ChatEndpoint = "chat";
    private const string StreamEndpoint = "stream";

    public static async Task<int> RunAsync(string[] args)
    {
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] != "--only")).ToArray();
        var logging = args.Where(static a => a.StartsWith("--Logging:", StringComparison.Ordinal));
        var only = new BenchArguments(args).Value("--only");
        var seconds = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 8;
        var shape = MlpShape.Parse(positional.Length > 1 ? positional[1] : "1024,4096,64");
        var scratch = Directory.CreateTempSubdirectory("switchyard-server-probe-");
        try
        {
            var tinyDir = Path.Combine(scratch.FullName, "samples", BenchModels.TinyModel);
            var mlpDir = Path.Combine(scratch.FullName, "samples", BenchModels.MlpModel);
            BenchModels.WriteTiny(tinyDir);
            BenchModels.WriteMlp(mlpDir, shape);

            // The external path's provider: the bench's nginx stand-in, in its own process.
            using var standIn = await NginxProcess.StartStandInAsync("probe-standin", scratch.FullName, ChatPayloads.StandInAnswer);
            using var streamingStandIn = await NginxProcess.StartStandInAsync(
                "probe-stream", scratch.FullName, ChatPayloads.StandInStream, contentType: "text/event-stream");
            var url = FreePort.Next();
            await using var app = SwitchyardHost.Build(
                ["--urls", url.ToString(), "--data-dir", Path.Combine(scratch.FullName, "data"),
                 "--admin-token", BenchCredentials.AdminToken, "--Logging:LogLevel:Default=Warning", .. logging]);
            await app.StartAsync();
            using (var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(120) })
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchCredentials.AdminToken);
                var control = new ControlPlane(http);
                await control.WaitHealthyAsync(TimeSpan.FromSeconds(60));
                await control.DeployAsync(TinyEndpoint, BenchModels.TinyModel, tinyDir);
                await control.DeployAsync(MlpEndpoint, BenchModels.MlpModel, mlpDir);
                // The same version with bench/run.sh's batching (8 rows, no wait).
                await control.ServeAsync(BatchedEndpoint, BenchModels.MlpModel, "1", batching: new JsonObject { ["max_batch_size"] = 8, ["max_delay_us"] = 0 });
                await control.CreateEndpointAsync(ChatEndpoint, new JsonObject { ["served_entities"] = new JsonArray(ExternalRun.Entity("a", standIn.Url)) });
                await control.CreateEndpointAsync(StreamEndpoint, new JsonObject { ["served_entities"] = new JsonArray(ExternalRun.Entity("a", streamingStandIn.Url)) });
            }

            var wrk = new WrkRunner(1, 16, BenchCredentials.AdminToken, scratch.FullName);
            using var sampler = args.Contains("--alloc-types") ? new AllocationSampler() : null;
            var mlpBody = BenchModels.MlpBody(shape.Inputs);
            foreach (var (name, body) in new[] { (TinyEndpoint, BenchModels.TinyBody), (MlpEndpoint, mlpBody), (BatchedEndpoint, mlpBody), (ChatEndpoint, ChatPayloads.EndpointBody), (StreamEndpoint, ChatPayloads.EndpointStreamBody) })
            {
                if (only is not null && only != name)
                {
                    continue;
                }

                var target = new Uri(url, $"/serving-endpoints/{name}/invocations");
                await wrk.RunAsync(target, body, TimeSpan.FromSeconds(Math.Max(2, seconds / 2)));
                // bench/profile.sh waits for this line to start sampling.
                Console.Error.WriteLine($"{name}: measuring for {seconds} s");
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                sampler?.Start();
                var began = Stopwatch.GetTimestamp();
                var load = await wrk.RunAsync(target, body, TimeSpan.FromSeconds(seconds));
                var wall = Stopwatch.GetElapsedTime(began);
                var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
                var types = sampler?.Stop(top: 20) ?? [];
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                var requests = load.RequestsPerSecond * wall.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {load.RequestsPerSecond:F0} req/s, p50 {load.P50Micros:F0} µs, p99 {load.P99Micros:F0} µs, server CPU {cpu.TotalMicroseconds / requests:F1} µs/req, allocated {bytes / requests:F0} B/req, errors {load.Errors}"));
                foreach (var (type, share) in types)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {share,6:P1}  {type}"));
                }
            }

            await app.StopAsync();
            return 0;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
