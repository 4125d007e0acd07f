using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Bench.Driving;

namespace Switchyard.Bench.Config;

/// <summary>
/// The control plane at scale: N endpoints live (each two external-model entities split 50/50,
/// cheap to hold, so the figure is the server's bookkeeping and not model loads), then
/// traffic-only config changes (same entities, new weights) timed from the PUT until a GET shows
/// NOT_UPDATING at the new version, then GETs of one endpoint and lists of all, one after another.
/// </summary>
public static class ConfigScaleRun
{
    public static Task<int> RunAsync(string[] args)
    {
        var read = new BenchArguments(args);
        var endpoints = read.Int("--endpoints", 1000);
        var updates = read.Int("--updates", 100);
        var reads = read.Int("--reads", 1000);
        var lists = read.Int("--lists", 200);
        return BenchSession.RunAsync("switchyard-config-", read.Value("--out"), scratch => MeasureAsync(scratch, endpoints, updates, reads, lists));
    }

    private static async Task<string> MeasureAsync(string scratch, int endpoints, int updates, int reads, int lists)
    {
        using var server = await TinySwitchyard.StartAsync(scratch);
        var (http, control) = (server.Http, server.Control);

        var created = Stopwatch.StartNew();
        for (var i = 0; i < endpoints; i++)
        {
            await control.CreateEndpointAsync(Name(i), Config(50));
            if ((i + 1) % 200 == 0)
            {
                BenchSession.Log($"{i + 1} endpoints live");
            }
        }

        var createSeconds = created.Elapsed.TotalSeconds;
        var random = new Random(7);
        var applied = new List<double>(updates);
        var listedAfterChange = new List<double>(updates);
        var listedSecond = new List<double>(updates);
        for (var u = 0; u < updates; u++)
        {
            var name = Name(random.Next(endpoints));
            var weight = 10 + random.Next(81);
            applied.Add(await TrafficChangeAsync(http, name, weight));
            // The first list after a change renders it again; the others below copy the kept rendering.
            listedAfterChange.AddRange(await TimeAsync(1, () => ReadAsync(http, "/api/2.0/serving-endpoints")));
            // The next one copies it: the same moment after the change, without the rendering.
            listedSecond.AddRange(await TimeAsync(1, () => ReadAsync(http, "/api/2.0/serving-endpoints")));
        }

        var gets = await TimeAsync(reads, () => ReadAsync(http, $"/api/2.0/serving-endpoints/{Name(random.Next(endpoints))}"));
        var listed = await TimeAsync(lists, () => ReadAsync(http, "/api/2.0/serving-endpoints"));
        var listBytes = Encoding.UTF8.GetByteCount(await control.GetTextAsync("/api/2.0/serving-endpoints"));

        return F($"""
            Machine: {MachineInfo.Describe()}. Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
            {endpoints} endpoints live (each two external-model entities, 50/50), created one after another in {createSeconds:F1} s; SQLite in the data folder.
            Requests one at a time from one client, measured end to end (client → loopback → server → client); reads take the whole body without decoding it.

            | what | n | p50 | p99 | max |
            |---|---:|---:|---:|---:|
            | traffic-only config change: PUT → GET shows NOT_UPDATING at the new version | {updates} | {Ms(applied, 0.5)} | {Ms(applied, 0.99)} | {Ms(applied, 1)} |
            | GET one endpoint | {reads} | {Ms(gets, 0.5)} | {Ms(gets, 0.99)} | {Ms(gets, 1)} |
            | list all endpoints ({listBytes / 1024.0:F0} KB) | {lists} | {Ms(listed, 0.5)} | {Ms(listed, 0.99)} | {Ms(listed, 1)} |
            | list all endpoints, the first after a change | {updates} | {Ms(listedAfterChange, 0.5)} | {Ms(listedAfterChange, 0.99)} | {Ms(listedAfterChange, 1)} |
            | list all endpoints, the second after a change | {updates} | {Ms(listedSecond, 0.5)} | {Ms(listedSecond, 0.99)} | {Ms(listedSecond, 1)} |
            """);
    }

    /// <summary>PUTs new weights for the same two entities and polls until the endpoint serves them; answers the milliseconds.</summary>
    private static async Task<double> TrafficChangeAsync(HttpClient http, string name, int weight)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new StringContent(Config(weight).ToJsonString(), Encoding.UTF8, "application/json");
        using var put = await http.PutAsync($"/api/2.0/serving-endpoints/{name}/config", content);
        var answer = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        if (!put.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT config of {name} answered {(int)put.StatusCode}: {answer.ToJsonString()}");
        }

        var version = (long)(answer["pending_config"]?["config_version"] ?? answer["config"]!["config_version"])!;
        while (true)
        {
            var endpoint = JsonNode.Parse(await http.GetStringAsync($"/api/2.0/serving-endpoints/{name}"))!;
            if ((string?)endpoint["state"]!["config_update"] == "NOT_UPDATING" && (long)endpoint["config"]!["config_version"]! == version)
            {
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{name} did not serve config version {version}: {endpoint.ToJsonString()}");
            }
        }
    }

    /// <summary>A GET that must succeed, its body read to the end and dropped (the client decoding 700 KB is not the server's time).</summary>
    private static async Task ReadAsync(HttpClient http, string path)
    {
        using var answer = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        answer.EnsureSuccessStatusCode();
        await using var body = await answer.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
    }

    private static async Task<List<double>> TimeAsync(int times, Func<Task> call)
    {
        var took = new List<double>(times);
        for (var i = 0; i < times; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            took.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return took;
    }

    private static string Name(int i) => F($"scale-{i:D4}");

    /// <summary>Two external entities (never called: the figure is the control plane's), <paramref name="weightA"/>% to a.</summary>
    private static JsonObject Config(int weightA) => new()
    {
        ["served_entities"] = new JsonArray(Entity("a"), Entity("b")),
        ["traffic_config"] = new JsonObject
        {
            ["routes"] = new JsonArray(
                new JsonObject { ["served_entity_name"] = "a", ["traffic_percentage"] = weightA },
                new JsonObject { ["served_entity_name"] = "b", ["traffic_percentage"] = 100 - weightA }),
        },
    };

    private static JsonObject Entity(string name) => new()
    {
        ["name"] = name,
        ["external_model"] = new JsonObject
        {
            ["name"] = "gpt-4o-mini",
            ["provider"] = "openai",
            ["task"] = "llm/v1/chat",
            ["openai_config"] = new JsonObject { ["openai_api_key_plaintext"] = "sk-bench", ["openai_api_base"] = "http://127.0.0.1:9/v1" },
        },
    };

    private static string Ms(List<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        var at = Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1);
        return F($"{sorted[Math.Max(0, at)]:F2} ms");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
