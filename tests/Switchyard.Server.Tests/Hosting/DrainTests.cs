using System.Net;
using System.Text;
using System.Text.Json;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Hosting;

/// <summary>
/// A real server process stopped with SIGTERM: it stops being ready, finishes the request in flight
/// and exits 0; with <c>--log-format json</c> every line it writes is a JSON object and none holds a token.
/// </summary>
public sealed class DrainTests
{
    [Fact]
    public async Task Sigterm_turns_ready_to_503_finishes_the_request_in_flight_and_exits_0()
    {
        var dataDir = Directory.CreateTempSubdirectory("switchyard-drain-").FullName;
        await using var server = new ReplicaProcess("drained", ServiceProcess.FreePort(), "--data-dir", dataDir, "--drain-timeout", "00:00:20");
        await server.StartAsync();
        await Replicas.ReplicaCluster.RegisterAsync(server, "catalog.schema.model-A", RepoPaths.SampleModel("model-a"));
        await ApiAssert.OkJsonAsync(await server.Client.PostAsync("/api/2.0/serving-endpoints",
            Replicas.ReplicaCluster.Json($$"""{"name": "drained", "config": {{Replicas.ReplicaCluster.Config("catalog.schema.model-A", 1)}}}""")));
        await Replicas.ReplicaCluster.WaitForUpdateStateAsync(server, "drained", "NOT_UPDATING", TimeSpan.FromSeconds(60));
        using var probe = new HttpClient { BaseAddress = server.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);

        // A query whose body is still arriving when the signal comes: in flight.
        var body = new SlowBody(MissionScenario.QueryBody, TimeSpan.FromSeconds(3));
        var inFlight = server.Client.PostAsync("/serving-endpoints/drained/invocations", body);
        await body.Started;
        Assert.Equal(0, await server.SignalAsync("TERM"));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (await ReadyStatusAsync(probe) == HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "still ready 2 s after SIGTERM");
            await Task.Delay(20);
        }

        var answer = await inFlight;
        Assert.Equal(30.5, MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(answer)), 3);
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task With_log_format_json_every_line_is_a_json_object_and_no_line_holds_the_generated_admin_token()
    {
        var dataDir = Directory.CreateTempSubdirectory("switchyard-json-").FullName;
        await using var server = new ReplicaProcess("json", ServiceProcess.FreePort(), "--data-dir", dataDir, "--log-format", "json",
            "--Logging:LogLevel:Default=Information") { SuppliesAdminToken = false };
        await server.StartAsync();
        await server.Client.GetAsync("/api/2.0/serving-endpoints");
        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(20)));

        var token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin-token"))).Trim();
        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, line => line.Contains("Switchyard listening on", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("bootstrap admin token was generated", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            using var parsed = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
            Assert.DoesNotContain(token, line, StringComparison.Ordinal);
        }
    }

    private static async Task<HttpStatusCode> ReadyStatusAsync(HttpClient probe)
    {
        try
        {
            using var answer = await probe.GetAsync("/health/ready");
            return answer.StatusCode;
        }
        catch (HttpRequestException)
        {
            // No longer listening: not ready either.
            return HttpStatusCode.ServiceUnavailable;
        }
    }

    /// <summary>A request body sent in two halves with a pause between: the request is in flight all that while.</summary>
    private sealed class SlowBody(string json, TimeSpan pause) : HttpContent
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _started.TrySetResult();
            await Task.Delay(pause);
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Encoding.UTF8.GetByteCount(json);
            Headers.ContentType = new("application/json");
            return true;
        }
    }
}
