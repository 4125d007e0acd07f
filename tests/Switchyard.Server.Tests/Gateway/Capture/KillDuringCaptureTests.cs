using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>
/// The real server as its own process, killed with SIGKILL while queries are in flight, then
/// started again on the same data folder: every query answered more than 2 s (the flush window)
/// before the kill is in the table, no row is there twice, and every file reads whole.
/// </summary>
public sealed class KillDuringCaptureTests
{
    private const string Name = "killed";

    [Fact]
    public async Task Kill_9_loses_no_row_answered_before_the_flush_window_and_leaves_no_partial_file()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "switchyard-tests", "kill-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (answered, killedAt) = await QueryUntilKilledAsync(dataDir);

            await using var restarted = await ServerProcess.StartAsync(dataDir);
            await WaitReadyAsync(restarted.Client);
            var answer = await ApiAssert.OkJsonAsync(await restarted.Client.PostAsync($"/api/2.0/serving-endpoints/{Name}/inference-table/query",
                Json(new JsonObject { ["sql"] = "SELECT databricks_request_id FROM payload" })));
            var inTable = answer["rows"]!.AsArray().Select(r => (string)r![0]!).ToList();

            var mustBeThere = answered.Where(a => killedAt - a.AnsweredAt > TimeSpan.FromSeconds(2)).Select(a => a.RequestId).ToList();
            Assert.True(mustBeThere.Count >= 20, $"only {mustBeThere.Count} queries were answered 2 s before the kill");
            Assert.Subset(inTable.ToHashSet(), mustBeThere.ToHashSet());
            Assert.Equal(inTable.Count, inTable.Distinct().Count());
            Assert.Subset(answered.Select(a => a.RequestId).ToHashSet(), inTable.ToHashSet());
            var folder = Path.Combine(dataDir, "inference-tables", "main", "default", Name + "_payload");
            Assert.Equal(inTable.Order(), TableRow.FromFiles(folder).Select(r => r.RequestId).Order());
            Assert.Empty(Directory.GetFiles(folder, "_*", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    /// <summary>Queries one by one, waits past the flush window, then keeps querying from four clients and kills the server meanwhile.</summary>
    private static async Task<(List<(string RequestId, TimeSpan AnsweredAt)> Answered, TimeSpan KilledAt)> QueryUntilKilledAsync(string dataDir)
    {
        var clock = Stopwatch.StartNew();
        var answered = new List<(string, TimeSpan)>();
        await using var server = await ServerProcess.StartAsync(dataDir);
        await WaitReadyAsync(server.Client);
        await CreateEndpointAsync(server.Client);

        async Task QueryAsync()
        {
            using var response = await server.Client.PostAsync($"/serving-endpoints/{Name}/invocations", Json(MissionScenario.QueryBody));
            await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            lock (answered)
            {
                answered.Add((response.Headers.GetValues("x-request-id").Single(), clock.Elapsed));
            }
        }

        for (var i = 0; i < 30; i++)
        {
            await QueryAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var stop = new CancellationTokenSource();
        var inFlight = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await QueryAsync();
                }
                catch (HttpRequestException)
                {
                    return; // the server is gone
                }
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        var killedAt = clock.Elapsed;
        server.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(inFlight);
        lock (answered)
        {
            return ([.. answered], killedAt);
        }
    }

    private static async Task CreateEndpointAsync(HttpClient client)
    {
        var model = await client.PostAsync("/api/2.1/unity-catalog/models", Json(new JsonObject
        {
            ["catalog_name"] = "catalog", ["schema_name"] = "schema", ["name"] = "model-A",
        }));
        await ApiAssert.OkJsonAsync(model);
        await ApiAssert.OkJsonAsync(await client.PostAsync($"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}/versions",
            Json(new JsonObject { ["source"] = RepoPaths.SampleModel("model-a") })));
        await ApiAssert.OkJsonAsync(await client.PostAsync("/api/2.0/serving-endpoints", Json(new JsonObject
        {
            ["name"] = Name,
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "onnx", ["entity_name"] = MissionScenario.ModelA, ["entity_version"] = "1",
                    ["workload_size"] = "Small", ["scale_to_zero_enabled"] = false,
                }),
            },
            ["ai_gateway"] = CaptureHost.Gateway(Name),
        })));
        await WaitReadyAsync(client, Name);
    }

    /// <summary>Waits for the health probe, or (with <paramref name="endpoint"/>) for the endpoint to serve.</summary>
    private static async Task WaitReadyAsync(HttpClient client, string? endpoint = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(endpoint is null ? "/health" : $"/api/2.0/serving-endpoints/{endpoint}");
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && (endpoint is null || body.Contains("\"ready\":\"READY\"", StringComparison.Ordinal)))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"server not ready ({endpoint ?? "health"})");
            await Task.Delay(100);
        }
    }

    private static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The built server (<c>switchyard.dll</c> from the server project's own output, beside its runtime config) run with <c>dotnet</c>.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, HttpClient client)
        {
            _process = process;
            Client = client;
        }

        public HttpClient Client { get; }

        public static Task<ServerProcess> StartAsync(string dataDir)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            string[] args = [ServerDll(), "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir,
                "--admin-token", ServerUnderTest.AdminToken, "--Logging:LogLevel:Default=Warning"];
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            // Drain the output so the child never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerUnderTest.AdminToken);
            return Task.FromResult(new ServerProcess(process, client));
        }

        /// <summary>SIGKILL: no shutdown hook, no flush.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        /// <summary>The server project's output for the configuration the tests were built in (…/bin/&lt;configuration&gt;/&lt;framework&gt;/).</summary>
        private static string ServerDll()
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(RepoPaths.Root, "src", "Switchyard.Server", "bin", testOutput.Parent!.Name, testOutput.Name, "switchyard.dll");
            Assert.True(File.Exists(dll), $"the built server is not at {dll}");
            return dll;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
