using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Bench.Driving;
using Switchyard.Bench.Models;

namespace Switchyard.Bench.Config;

/// <summary>
/// Scale to zero at scale: N endpoints of the tiny model with scale_to_zero_enabled, left idle
/// until every one has unloaded its model, then one burst of a query to each at once; reports how
/// long the slowest took (each wakes its own model). Rounds repeat idle and burst.
/// </summary>
public static class WakeBurstRun
{
    public static Task<int> RunAsync(string[] args)
    {
        var read = new BenchArguments(args);
        var endpoints = read.Int("--endpoints", 100);
        var rounds = read.Int("--rounds", 3);
        return BenchSession.RunAsync("switchyard-wake-", read.Value("--out"), scratch => MeasureAsync(scratch, endpoints, rounds));
    }

    private static async Task<string> MeasureAsync(string scratch, int endpoints, int rounds)
    {
        using var server = await TinySwitchyard.StartAsync(scratch, "--Switchyard:ScaleToZeroIdle=00:00:02");
        var (control, version) = (server.Control, server.Version);
        for (var i = 0; i < endpoints; i++)
        {
            var entity = new JsonObject
            {
                ["name"] = "tiny",
                ["entity_name"] = $"catalog.schema.{BenchModels.TinyModel}",
                ["entity_version"] = version,
                ["workload_size"] = "Small",
                ["scale_to_zero_enabled"] = true,
            };
            await control.CreateEndpointAsync(Name(i), new JsonObject { ["served_entities"] = new JsonArray(entity) });
        }

        // Up to one connection per endpoint: the first burst opens them (its figure includes 100 TCP
        // connects), later bursts reuse them and measure the wakes.
        using var burst = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = endpoints }) { BaseAddress = server.Url };
        burst.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchCredentials.AdminToken);
        var lines = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            await WaitAllUnloadedAsync(control, endpoints);
            var began = Stopwatch.GetTimestamp();
            var took = await Task.WhenAll(Enumerable.Range(0, endpoints).Select(async i =>
            {
                using var content = new StringContent(BenchModels.TinyBody, Encoding.UTF8, "application/json");
                using var answer = await burst.PostAsync($"/serving-endpoints/{Name(i)}/invocations", content);
                answer.EnsureSuccessStatusCode();
                return Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            }));
            Array.Sort(took);
            lines.Add(F($"| {round} | {took[took.Length / 2]:F1} ms | {took[^1]:F1} ms |"));
            BenchSession.Log(F($"round {round}: slowest of {endpoints} woke and answered after {took[^1]:F1} ms"));
        }

        return F($"""
            Machine: {MachineInfo.Describe()}. Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
            {endpoints} endpoints of the tiny model, scale_to_zero_enabled, every model unloaded (idle 2 s) before each burst of one query per endpoint, all sent at once; round 1 also opens the client's connections.

            | round | median answer | slowest answer |
            |---|---:|---:|
            {string.Join("\n", lines)}
            """);
    }

    /// <summary>Waits until no endpoint holds its model loaded (the entity's model_loaded metric is 0 everywhere).</summary>
    private static async Task WaitAllUnloadedAsync(ControlPlane control, int endpoints)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        for (var i = 0; i < endpoints; i++)
        {
            while ((await control.GetTextAsync($"/api/2.0/serving-endpoints/{Name(i)}/metrics")).Contains("switchyard_model_loaded{endpoint=\"" + Name(i) + "\",served_entity=\"tiny\"} 1", StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{Name(i)} kept its model loaded");
                }

                await Task.Delay(200);
            }
        }
    }

    private static string Name(int i) => F($"wake-{i:D3}");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
