using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Experiments;
using Switchyard.Server.Experiments.Replays;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Tests.Gateway.Capture;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>
/// Replays over real HTTP: captured queries of an endpoint's inference table sent again to one of
/// its served entities (here ones that take no traffic), compared with the captured answers.
/// </summary>
public sealed class ReplayTests
{
    private const string Path = "/api/2.0/serving-endpoints";

    /// <summary>Three entities: a1 takes all traffic; a2 is the same model and version; b is model-B. The table captures every query.</summary>
    private static async Task<CaptureHost> StartAsync(string name, params string[] args)
    {
        var host = await CaptureHost.StartAsync(args);
        await host.Server.RegisterSampleModelsAsync();
        JsonObject Entity(string served, string model) => new()
        {
            ["name"] = served, ["entity_name"] = model, ["entity_version"] = "1", ["workload_size"] = "Small", ["scale_to_zero_enabled"] = false,
        };
        JsonObject Route(string served, int percentage) => new() { ["served_model_name"] = served, ["traffic_percentage"] = percentage };
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync(Path, new JsonObject
        {
            ["name"] = name,
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(Entity("a1", MissionScenario.ModelA), Entity("a2", MissionScenario.ModelA), Entity("b", MissionScenario.ModelB)),
                ["traffic_config"] = new JsonObject { ["routes"] = new JsonArray(Route("a1", 100), Route("a2", 0), Route("b", 0)) },
            },
            ["ai_gateway"] = CaptureHost.Gateway(name, sampling: 1.0, usage: false),
        }));
        await host.Server.WaitUntilReadyAsync(name);
        return host;
    }

    /// <summary>Sends <paramref name="count"/> queries of different rows; answers their request ids once the table holds them all.</summary>
    private static async Task<List<string>> CaptureAsync(CaptureHost host, string name, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var row = string.Create(CultureInfo.InvariantCulture, $"[[{i}, {i * 0.5}, 3, {i % 7}]]");
            var body = """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": """ + row + "}}";
            using var response = await host.Server.Client.PostAsync($"/serving-endpoints/{name}/invocations", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            ids.Add(response.Headers.GetValues(CaptureStep.RequestIdHeader).Single());
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((long)(await host.SqlAsync(name, "SELECT count(*) FROM payload"))["rows"]![0]![0]! < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the captured rows never all reached the table");
            await Task.Delay(100);
        }

        return ids;
    }

    private static async Task<JsonObject> StartReplayAsync(CaptureHost host, string name, JsonObject body) =>
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync($"{Path}/{name}/replays", body));

    private static async Task<JsonObject> WaitForEndAsync(CaptureHost host, string name, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var replay = await host.Server.GetOkJsonAsync($"{Path}/{name}/replays/{id}");
            if ((string)replay["state"]! != ReplayJobs.Running)
            {
                return replay;
            }

            Assert.True(DateTime.UtcNow < deadline, $"replay still running: {replay.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Replay_of_1000_captured_requests_against_an_identical_model_agrees_100_percent()
    {
        await using var host = await StartAsync("same");
        var ids = await CaptureAsync(host, "same", 1000);

        var started = await StartReplayAsync(host, "same", new JsonObject
        {
            ["source"] = "inference_table", ["target_entity"] = "a2", ["rate_limit_rps"] = 5000, ["seed"] = 7,
        });
        Assert.Equal(ReplayJobs.Running, (string)started["state"]!);
        var replay = await WaitForEndAsync(host, "same", (string)started["replay_id"]!);

        Assert.Equal(ReplayJobs.Succeeded, (string)replay["state"]!);
        Assert.Equal([1000L, 1000L, 1000L, 0L], new[] { "total", "sent", "completed", "failed" }.Select(k => (long)replay[k]!));
        var comparison = replay["report"]!["comparison"]!;
        Assert.Equal(1000, (int)comparison["pairs"]!);
        Assert.Equal(1.0, (double)comparison["exact_match_rate"]!);
        Assert.Equal(0.0, (double)comparison["numeric"]!["abs_delta_p99"]!);
        Assert.Equal(0.0, (double)comparison["error_rate"]!["candidate"]!);
        Assert.Empty(replay["report"]!["top_divergences"]!.AsArray());
        Assert.NotNull(comparison["latency_ms"]!["candidate_p99"]);

        // Listed, newest first, without its report.
        var listed = (await host.Server.GetOkJsonAsync($"{Path}/same/replays"))["replays"]!.AsArray();
        Assert.Equal((string)started["replay_id"]!, (string)listed.Single()!["replay_id"]!);
        Assert.False(listed.Single()!.AsObject().ContainsKey("report"));
        Assert.Equal(1000, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_different_model_diverges_and_the_sample_is_the_seeds_share_of_the_time_range()
    {
        await using var host = await StartAsync("diff");
        var ids = await CaptureAsync(host, "diff", 200);

        var started = await StartReplayAsync(host, "diff", new JsonObject
        {
            ["source"] = "inference_table", ["target_entity"] = "b", ["sample_pct"] = 50, ["seed"] = 11, ["rate_limit_rps"] = 5000,
            ["time_range"] = new JsonObject { ["start_time_ms"] = 0, ["end_time_ms"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds() },
        });
        var replay = await WaitForEndAsync(host, "diff", (string)started["replay_id"]!);

        var expected = ids.Where(id => CapturedRequests.Sampled(11, id, 50)).ToHashSet();
        Assert.Equal(ReplayJobs.Succeeded, (string)replay["state"]!);
        Assert.Equal(expected.Count, (long)replay["total"]!);
        var comparison = replay["report"]!["comparison"]!;
        Assert.Equal(expected.Count, (int)comparison["pairs"]!);
        Assert.True((double)comparison["exact_match_rate"]! < 0.5, comparison.ToJsonString());
        Assert.True((double)comparison["numeric"]!["abs_delta_p50"]! > 0);
        var top = replay["report"]!["top_divergences"]!.AsArray();
        Assert.Equal(10, top.Count);
        Assert.All(top, d =>
        {
            Assert.Contains((string)d!["request_id"]!, expected);
            Assert.True((double)d["similarity"]! < 1);
            Assert.NotEqual((string)d["captured"]!, (string)d["replayed"]!);
        });

        // A time range before any capture replays nothing, and says so with zeros.
        var empty = await StartReplayAsync(host, "diff", new JsonObject
        {
            ["source"] = "inference_table", ["target_entity"] = "b", ["time_range"] = new JsonObject { ["start_time_ms"] = 0, ["end_time_ms"] = 1000 },
        });
        var none = await WaitForEndAsync(host, "diff", (string)empty["replay_id"]!);
        Assert.Equal(ReplayJobs.Succeeded, (string)none["state"]!);
        Assert.Equal(0, (long)none["total"]!);
        Assert.Equal(0, (int)none["report"]!["comparison"]!["pairs"]!);
    }

    [Fact]
    public async Task Chat_answers_replayed_to_the_same_llm_compare_on_their_text_whichever_path_they_came_by()
    {
        await using var host = await CaptureHost.StartAsync();
        await host.CreateEchoEndpointAsync("chat", CaptureHost.Gateway("chat", sampling: 1.0, usage: false));
        for (var i = 0; i < 10; i++)
        {
            var words = string.Create(CultureInfo.InvariantCulture, $"question number {i}");
            var invocations = await CaptureHost.QueryAsync(host.Server.Client, "/serving-endpoints/chat/invocations",
                $$"""{"messages": [{"role": "user", "content": "{{words}}"}]}""");
            var openAi = await CaptureHost.QueryAsync(host.Server.Client, "/serving-endpoints/chat/completions",
                $$"""{"model": "chat", "messages": [{"role": "user", "content": "{{words}} again"}]}""");
            Assert.Equal((200, 200), (invocations.Status, openAi.Status));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((long)(await host.SqlAsync("chat", "SELECT count(*) FROM payload"))["rows"]![0]![0]! < 20)
        {
            Assert.True(DateTime.UtcNow < deadline, "the captured rows never all reached the table");
            await Task.Delay(100);
        }

        var started = await StartReplayAsync(host, "chat", new JsonObject { ["source"] = "inference_table", ["target_entity"] = "echo", ["rate_limit_rps"] = 1000 });
        var replay = await WaitForEndAsync(host, "chat", (string)started["replay_id"]!);

        Assert.Equal(ReplayJobs.Succeeded, (string)replay["state"]!);
        var comparison = replay["report"]!["comparison"]!;
        Assert.Equal(20, (int)comparison["pairs"]!);
        // The answers' ids and timestamps differ; their text does not.
        Assert.Equal(1.0, (double)comparison["exact_match_rate"]!);
        Assert.Equal(1.0, (double)comparison["text_similarity"]!["mean"]!);
        Assert.Null(comparison["numeric"]);
    }

    private static readonly (string Body, string Field)[] BadBodies =
    [
        ("""{"source": "file", "target_entity": "a2"}""", "source"),
        ("""{"target_entity": "a2"}""", "source"),
        ("""{"source": "inference_table"}""", "target_entity"),
        ("""{"source": "inference_table", "target_entity": "nope"}""", "target_entity"),
        ("""{"source": "inference_table", "target_entity": "a2", "sample_pct": 0}""", "sample_pct"),
        ("""{"source": "inference_table", "target_entity": "a2", "sample_pct": 100.5}""", "sample_pct"),
        ("""{"source": "inference_table", "target_entity": "a2", "sample_pct": "50"}""", "sample_pct"),
        ("""{"source": "inference_table", "target_entity": "a2", "rate_limit_rps": 0}""", "rate_limit_rps"),
        ("""{"source": "inference_table", "target_entity": "a2", "rate_limit_rps": -3}""", "rate_limit_rps"),
        ("""{"source": "inference_table", "target_entity": "a2", "seed": 1.5}""", "seed"),
        ("""{"source": "inference_table", "target_entity": "a2", "time_range": {"start_time_ms": 10, "end_time_ms": 10}}""", "time_range.start_time_ms"),
        ("""{"source": "inference_table", "target_entity": "a2", "time_range": {"start_time_ms": "x"}}""", "time_range.start_time_ms"),
        ("""{"source": "inference_table", "target_entity": "a2", "time_range": {"from": 1}}""", "time_range.from"),
        ("""{"source": "inference_table", "target_entity": "a2", "time_range": 5}""", "time_range"),
        ("""{"source": "inference_table", "target_entity": "a2", "sample_percent": 5}""", "sample_percent"),
    ];

    [Fact]
    public async Task Bad_fields_are_refused_with_400_naming_the_field_and_start_nothing()
    {
        await using var host = await StartAsync("bad");
        foreach (var (body, field) in BadBodies)
        {
            var message = await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync($"{Path}/bad/replays", body), 400, "INVALID_PARAMETER_VALUE");
            Assert.True(message.StartsWith(field, StringComparison.Ordinal), $"{body} → {message}");
        }

        Assert.Empty((await host.Server.GetOkJsonAsync($"{Path}/bad/replays"))["replays"]!.AsArray());
    }

    [Fact]
    public async Task No_inference_table_unknown_endpoint_or_replay_and_missing_permission_are_refused()
    {
        await using var host = await CaptureHost.StartAsync();
        await host.CreateCustomEndpointAsync("plain", new JsonObject());
        var body = """{"source": "inference_table", "target_entity": "onnx"}""";

        var noTable = await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync($"{Path}/plain/replays", body), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("no inference table", noTable, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync($"{Path}/missing/replays", body), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync($"{Path}/plain/replays/abc"), 404, "RESOURCE_DOES_NOT_EXIST");

        var (_, strangerToken) = await host.Server.CreateUserWithTokenAsync("stranger@example.com");
        var stranger = host.Server.ClientFor(strangerToken);
        await ApiAssert.ErrorAsync(await stranger.PostAsync($"{Path}/plain/replays", new StringContent(body, Encoding.UTF8, "application/json")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await stranger.GetAsync($"{Path}/plain/replays"), 403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task A_finished_report_survives_a_restart_and_a_replay_running_at_shutdown_comes_back_failed()
    {
        await using var host = await StartAsync("restart");
        await CaptureAsync(host, "restart", 30);
        var done = await StartReplayAsync(host, "restart", new JsonObject { ["source"] = "inference_table", ["target_entity"] = "a2", ["rate_limit_rps"] = 1000 });
        var finished = await WaitForEndAsync(host, "restart", (string)done["replay_id"]!);
        // One a second: 30 requests take 29 s, so it is still running when the server stops.
        var slow = await StartReplayAsync(host, "restart", new JsonObject { ["source"] = "inference_table", ["target_entity"] = "a2", ["rate_limit_rps"] = 1 });

        await host.Server.RestartAsync();

        var kept = await host.Server.GetOkJsonAsync($"{Path}/restart/replays/{(string)done["replay_id"]!}");
        Assert.Equal(finished.ToJsonString(), kept.ToJsonString());
        var stopped = await host.Server.GetOkJsonAsync($"{Path}/restart/replays/{(string)slow["replay_id"]!}");
        Assert.Equal(ReplayJobs.FailedState, (string)stopped["state"]!);
        Assert.Equal(ReplayJobs.StoppedMessage, (string)stopped["message"]!);
        Assert.True((long)stopped["sent"]! < 30);
    }

    [Fact]
    public async Task Cancel_stops_a_running_replay_with_a_report_of_what_it_sent()
    {
        await using var host = await StartAsync("cancel");
        await CaptureAsync(host, "cancel", 20);
        var slow = await StartReplayAsync(host, "cancel", new JsonObject { ["source"] = "inference_table", ["target_entity"] = "a2", ["rate_limit_rps"] = 2 });

        var cancelled = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync($"{Path}/cancel/replays/{(string)slow["replay_id"]!}/cancel", new JsonObject()));

        Assert.Equal(ReplayJobs.Cancelled, (string)cancelled["state"]!);
        Assert.True((long)cancelled["sent"]! < 20);
        Assert.Equal((long)cancelled["sent"]!, (long)cancelled["report"]!["comparison"]!["pairs"]!);

        // Deleting the endpoint stops a running replay and deletes every replay and their pairs.
        var endpointId = (string)(await host.Server.GetOkJsonAsync($"{Path}/cancel"))["id"]!;
        var running = await StartReplayAsync(host, "cancel", new JsonObject { ["source"] = "inference_table", ["target_entity"] = "a2", ["rate_limit_rps"] = 2 });
        await ApiAssert.OkJsonAsync(await host.Server.Client.DeleteAsync($"{Path}/cancel"));
        var replays = host.Server.Services.GetRequiredService<IReplayStore>();
        var pairs = host.Server.Services.GetRequiredService<IOutputPairStore>();
        foreach (var id in new[] { (string)slow["replay_id"]!, (string)running["replay_id"]! })
        {
            Assert.Null(await replays.FindAsync(endpointId, id, CancellationToken.None));
            Assert.Empty(await pairs.ReadAsync("cancel", "replay:" + id, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 100, CancellationToken.None));
        }
    }
}
