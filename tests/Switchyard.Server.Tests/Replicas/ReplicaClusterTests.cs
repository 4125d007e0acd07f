using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchyard.Testing;
using Switchyard.Testing.Hosting;
using Xunit.Abstractions;
using static Switchyard.Server.Tests.Replicas.ReplicaCluster;

namespace Switchyard.Server.Tests.Replicas;

/// <summary>
/// Three real server processes on one real PostgreSQL behind a real HAProxy: changes made through
/// one replica hold on the others within a second, rollouts are coordinated, and the cluster
/// keeps serving through updates and the death of a replica.
/// </summary>
[Collection(ReplicaClusterCollection.Name)]
public sealed class ReplicaClusterTests(ITestOutputHelper output)
{
    private const double ModelA = 30.5;

    /// <summary>
    /// How many config updates and token revocations the latency test measures: a handful in CI,
    /// more when bench/run-replicas.sh asks (SWITCHYARD_REPLICA_ROUNDS) for the figures in bench/README.md.
    /// </summary>
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("SWITCHYARD_REPLICA_ROUNDS"), out var rounds) ? rounds : 10;

    [Fact]
    public async Task A_config_update_and_a_token_revocation_through_replica_1_hold_on_replicas_2_and_3_within_a_second()
    {
        await using var cluster = await StartAsync();
        cluster.Report = output.WriteLine;
        var (r1, r2, r3) = (cluster.Replicas[0], cluster.Replicas[1], cluster.Replicas[2]);
        await RegisterAsync(r1, "catalog.schema.model-A", RepoPaths.SampleModel("model-a"));
        await RegisterAsync(r1, "catalog.schema.model-B", RepoPaths.SampleModel("model-b"));
        await ApiAssert.OkJsonAsync(await r1.Client.PostAsync("/api/2.0/serving-endpoints",
            Json($$"""{"name": "shared", "config": {{Config("catalog.schema.model-A", 1)}}}""")));
        await WaitForUpdateStateAsync(r1, "shared", "NOT_UPDATING", TimeSpan.FromSeconds(60));
        var modelB = Infrastructure.MissionScenario.Expected("challenger");

        var configLatencies = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var (model, expected) = round % 2 == 0 ? ("catalog.schema.model-B", modelB) : ("catalog.schema.model-A", ModelA);
            await ApiAssert.OkJsonAsync(await r1.Client.PutAsync("/api/2.0/serving-endpoints/shared/config", Json(Config(model, 1))));
            await WaitForUpdateStateAsync(r1, "shared", "NOT_UPDATING", TimeSpan.FromSeconds(60));
            var committed = Stopwatch.StartNew();
            await Task.WhenAll(UntilAnswersAsync(r2, expected), UntilAnswersAsync(r3, expected));
            configLatencies.Add(committed.Elapsed.TotalMilliseconds);
        }

        var tokenLatencies = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var created = await ApiAssert.OkJsonAsync(await r1.Client.PostAsync("/api/2.0/token/create", Json("""{"comment": "replica test"}""")));
            var token = (string)created["token_value"]!;
            Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(r3, token));
            await ApiAssert.OkJsonAsync(await r1.Client.PostAsync("/api/2.0/token/delete",
                Json(new JsonObject { ["token_id"] = (string)created["token_info"]!["token_id"]! }.ToJsonString())));
            var revoked = Stopwatch.StartNew();
            while (await StatusWithAsync(r3, token) == HttpStatusCode.OK)
            {
                Assert.True(revoked.Elapsed < TimeSpan.FromSeconds(1), "a token revoked on replica 1 was still accepted by replica 3 after 1 s");
                await Task.Delay(1);
            }

            tokenLatencies.Add(revoked.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"config commit on r1 -> served by r2 and r3: {Summary(configLatencies)}");
        output.WriteLine($"token revoked on r1 -> refused by r3: {Summary(tokenLatencies)}");
        Assert.All(configLatencies, ms => Assert.True(ms < 1000, $"a config took {ms:F0} ms to reach replicas 2 and 3"));
    }

    [Fact]
    public async Task Ten_updates_under_continuous_load_through_the_balancer_fail_no_request()
    {
        await using var cluster = await StartAsync();
        cluster.Report = output.WriteLine;
        var r1 = cluster.Replicas[0];
        for (var version = 1; version <= 2; version++)
        {
            await RegisterAsync(r1, "catalog.schema.model-A", RepoPaths.SampleModel("model-a"));
        }

        await ApiAssert.OkJsonAsync(await r1.Client.PostAsync("/api/2.0/serving-endpoints",
            Json($$"""{"name": "busy", "config": {{Config("catalog.schema.model-A", 1)}}}""")));
        await WaitForUpdateStateAsync(r1, "busy", "NOT_UPDATING", TimeSpan.FromSeconds(60));
        await Task.WhenAll(cluster.Replicas.Select(r => UntilAnswersAsync(r, ModelA)));

        using var load = new LoadThroughBalancer(cluster.Balancer.Client, "busy", clients: 4);
        for (var update = 1; update <= 10; update++)
        {
            var through = cluster.Replicas[update % 3];
            await ApiAssert.OkJsonAsync(await through.Client.PutAsync("/api/2.0/serving-endpoints/busy/config",
                Json(Config("catalog.schema.model-A", 1 + (update % 2)))));
            var endpoint = await WaitForUpdateStateAsync(through, "busy", "NOT_UPDATING", TimeSpan.FromSeconds(60));
            Assert.Equal(update + 1, (long)endpoint["config"]!["config_version"]!);
            // The next update goes through another replica at once: it must not be refused as still in progress there.
        }

        var (succeeded, failed, failures) = await load.StopAsync();
        output.WriteLine($"10 updates under load: {succeeded} requests answered, {failed} failed");
        Assert.True(succeeded > 100, $"only {succeeded} requests went through");
        Assert.True(failed == 0, $"{failed} requests failed during the updates: {failures}");
    }

    [Fact]
    public async Task Killing_one_replica_under_load_fails_only_requests_it_took_while_dying_and_loses_nothing_acknowledged_and_it_rejoins()
    {
        await using var cluster = await StartAsync();
        cluster.Report = output.WriteLine;
        var (r1, r2, r3) = (cluster.Replicas[0], cluster.Replicas[1], cluster.Replicas[2]);
        await RegisterAsync(r1, "catalog.schema.model-A", RepoPaths.SampleModel("model-a"));
        await ApiAssert.OkJsonAsync(await r1.Client.PostAsync("/api/2.0/serving-endpoints",
            Json($$"""{"name": "sturdy", "config": {{Config("catalog.schema.model-A", 1)}}}""")));
        await WaitForUpdateStateAsync(r1, "sturdy", "NOT_UPDATING", TimeSpan.FromSeconds(60));
        await Task.WhenAll(cluster.Replicas.Select(r => UntilAnswersAsync(r, ModelA)));

        const int clients = 4;
        using var load = new LoadThroughBalancer(cluster.Balancer.Client, "sturdy", clients);
        await Task.Delay(1500);
        // Acknowledged by replica 2 just before it dies: it must survive.
        await ApiAssert.OkJsonAsync(await r2.Client.PatchAsync("/api/2.0/serving-endpoints/sturdy/tags",
            Json("""{"add_tags": [{"key": "acknowledged", "value": "before-the-kill"}]}""")));
        var killed = Stopwatch.GetTimestamp();
        r2.Kill();
        await Task.Delay(3000);
        var (succeeded, failed, failures) = await load.StopAsync();
        output.WriteLine($"kill -9 of r2 under load: {succeeded} answered, {failed} failed ({failures})");
        // Only requests the dying replica had taken fail, and only while it dies: none before the kill,
        // none once the balancer's checks (every 200 ms, two misses) have taken it out. A client can be
        // failed twice by one death: the kernel closes a killed process's sockets one by one, so a retry
        // may still be taken into its listening socket's backlog after the connection it broke is reset.
        Assert.True(load.FailedOutside(killed, killed + Stopwatch.Frequency) == 0, $"requests failed before the kill or over a second after it: {failures}");
        Assert.True(failed <= 2 * clients, $"{failed} requests failed, more than two for each of the {clients} clients: {failures}");
        Assert.True(succeeded > 50, $"only {succeeded} requests went through");

        var endpoint = await ApiAssert.OkJsonAsync(await r1.Client.GetAsync("/api/2.0/serving-endpoints/sturdy"));
        Assert.Contains(endpoint["tags"]!.AsArray(), tag => (string?)tag!["key"] == "acknowledged");
        Assert.Equal(ModelA, await PredictAsync(r1.Client, "sturdy"));
        Assert.Equal(ModelA, await PredictAsync(r3.Client, "sturdy"));

        // The survivors still decide rollouts once the dead replica's heartbeat ages out.
        await ApiAssert.OkJsonAsync(await r1.Client.PutAsync("/api/2.0/serving-endpoints/sturdy/config",
            Json(Config("catalog.schema.model-A", 1).Replace("\"main\"", "\"second\""))));
        await WaitForUpdateStateAsync(r1, "sturdy", "NOT_UPDATING", TimeSpan.FromSeconds(30));

        // Restarted, it reads what it missed from the tables: the config committed while it was dead.
        await r2.StartAsync();
        await UntilAnswersAsync(r2, ModelA);
        var rejoined = await ApiAssert.OkJsonAsync(await r2.Client.GetAsync("/api/2.0/serving-endpoints/sturdy"));
        Assert.Equal("second", (string)rejoined["config"]!["served_entities"]![0]!["name"]!);
        var replicas = await ApiAssert.OkJsonAsync(await r1.Client.GetAsync("/api/2.0/switchyard/replicas"));
        var names = replicas["replicas"]!.AsArray().Select(r => (string)r!["name"]!).ToList();
        Assert.Equal(["r1", "r2", "r3"], names);
    }

    [Fact]
    public async Task A_replica_that_cannot_load_the_new_version_fails_the_update_everywhere_and_the_old_config_keeps_answering()
    {
        await using var cluster = await StartAsync(sharedDataDir: false);
        cluster.Report = output.WriteLine;
        var (r1, r2, r3) = (cluster.Replicas[0], cluster.Replicas[1], cluster.Replicas[2]);
        await RegisterAsync(r1, "catalog.schema.model-A", RepoPaths.SampleModel("model-a"));
        CopyModelStore(cluster, from: 1, to: [2, 3]);
        await ApiAssert.OkJsonAsync(await r1.Client.PostAsync("/api/2.0/serving-endpoints",
            Json($$"""{"name": "careful", "config": {{Config("catalog.schema.model-A", 1)}}}""")));
        await WaitForUpdateStateAsync(r1, "careful", "NOT_UPDATING", TimeSpan.FromSeconds(60));
        await Task.WhenAll(cluster.Replicas.Select(r => UntilAnswersAsync(r, ModelA)));

        // Version 2's files reach replica 2 but not replica 3.
        await RegisterAsync(r1, "catalog.schema.model-A", RepoPaths.SampleModel("model-b"));
        CopyModelStore(cluster, from: 1, to: [2]);
        await ApiAssert.OkJsonAsync(await r1.Client.PutAsync("/api/2.0/serving-endpoints/careful/config", Json(Config("catalog.schema.model-A", 2))));

        foreach (var replica in cluster.Replicas)
        {
            var endpoint = await WaitForUpdateStateAsync(replica, "careful", "UPDATE_FAILED", TimeSpan.FromSeconds(60));
            Assert.Equal(1, (long)endpoint["config"]!["config_version"]!);
            Assert.Equal(ModelA, await PredictAsync(replica.Client, "careful"));
        }

        var failed = await ApiAssert.OkJsonAsync(await r2.Client.GetAsync("/api/2.0/serving-endpoints/careful"));
        output.WriteLine(failed.ToJsonString());
    }

    [Fact]
    public async Task A_replica_whose_listen_connection_broke_reads_what_it_missed_from_the_tables_when_it_reconnects()
    {
        await using var cluster = await StartAsync(count: 2);
        cluster.Report = output.WriteLine;
        var (r1, r2) = (cluster.Replicas[0], cluster.Replicas[1]);
        await ApiAssert.OkJsonAsync(await r1.Client.PostAsync("/api/2.0/serving-endpoints", Json("""{"name": "quiet"}""")));
        await UntilTagAsync(r2, "quiet", "v", "1", beforeSetting: () => r1.Client.PatchAsync("/api/2.0/serving-endpoints/quiet/tags",
            Json("""{"add_tags": [{"key": "v", "value": "1"}]}""")));

        // Its LISTEN connection cut and reconnection refused: a change now is a notification r2 never hears.
        await Testing.Services.PostgresCluster.Instance.SetLoginAsync(cluster.ConnectionString, allowed: false);
        await ApiAssert.OkJsonAsync(await r1.Client.PatchAsync("/api/2.0/serving-endpoints/quiet/tags",
            Json("""{"add_tags": [{"key": "v", "value": "2"}]}""")));
        await Task.Delay(1500);
        Assert.Equal("1", await TagAsync(r2, "quiet", "v"));

        await Testing.Services.PostgresCluster.Instance.SetLoginAsync(cluster.ConnectionString, allowed: true);
        await UntilTagAsync(r2, "quiet", "v", "2", beforeSetting: null);
    }

    [Fact]
    public async Task A_limit_of_100_calls_a_minute_holds_at_exactly_100_across_the_three_replicas_with_redis()
    {
        using var redis = Testing.Services.RedisServer.Start();
        await using var cluster = await StartAsync(3, true, "--redis", redis.Configuration);
        cluster.Report = output.WriteLine;
        var r1 = cluster.Replicas[0];
        await RegisterAsync(r1, "catalog.schema.model-A", RepoPaths.SampleModel("model-a"));
        await ApiAssert.OkJsonAsync(await r1.Client.PostAsync("/api/2.0/serving-endpoints", Json($$"""
            {"name": "limited", "config": {{Config("catalog.schema.model-A", 1)}},
             "ai_gateway": {"rate_limits": [{"calls": 100, "key": "endpoint", "renewal_period": "minute"}] } }
            """)));
        await WaitForUpdateStateAsync(r1, "limited", "NOT_UPDATING", TimeSpan.FromSeconds(60));
        foreach (var replica in cluster.Replicas)
        {
            while (await StatusOfQueryAsync(replica, "limited", dryRun: true) == HttpStatusCode.NotFound)
            {
                await Task.Delay(10);
            }
        }

        // All 150 in one UTC minute: wait for a fresh one if less than 20 s of this one are left.
        var second = DateTime.UtcNow.Second;
        if (second > 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }

        var statuses = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => StatusOfQueryAsync(cluster.Replicas[i % 3], "limited", dryRun: false)));
        var byStatus = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", byStatus.Select(kv => $"{(int)kv.Key}: {kv.Value}")));
        Assert.Equal(100, byStatus.GetValueOrDefault(HttpStatusCode.OK));
        Assert.Equal(50, byStatus.GetValueOrDefault(HttpStatusCode.TooManyRequests));
    }

    /// <summary>A query's status; a dry run asks only whether the endpoint is known (GET), spending nothing of the limit.</summary>
    private static async Task<HttpStatusCode> StatusOfQueryAsync(Testing.Services.ReplicaProcess replica, string endpoint, bool dryRun)
    {
        if (dryRun)
        {
            using var known = await replica.Client.GetAsync($"/api/2.0/serving-endpoints/{endpoint}");
            return known.StatusCode;
        }

        using var answer = await replica.Client.PostAsync($"/serving-endpoints/{endpoint}/invocations", Query());
        return answer.StatusCode;
    }

    private static async Task<string?> TagAsync(Testing.Services.ReplicaProcess replica, string endpoint, string key)
    {
        using var answer = await replica.Client.GetAsync($"/api/2.0/serving-endpoints/{endpoint}");
        if (answer.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await ApiAssert.OkJsonAsync(answer);
        return (string?)body["tags"]?.AsArray().FirstOrDefault(t => (string?)t!["key"] == key)?["value"];
    }

    private static async Task UntilTagAsync(Testing.Services.ReplicaProcess replica, string endpoint, string key, string value, Func<Task<HttpResponseMessage>>? beforeSetting)
    {
        if (beforeSetting is not null)
        {
            await ApiAssert.OkJsonAsync(await beforeSetting());
        }

        var waited = Stopwatch.StartNew();
        while (await TagAsync(replica, endpoint, key) != value)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"{replica.Name} never saw {key}={value}");
            await Task.Delay(10);
        }
    }

    private static void CopyModelStore(ReplicaCluster cluster, int from, int[] to)
    {
        var source = Path.Combine(cluster.Root, $"r{from}", "models");
        foreach (var target in to)
        {
            foreach (var folder in Directory.GetDirectories(source))
            {
                var copy = Path.Combine(cluster.Root, $"r{target}", "models", Path.GetFileName(folder));
                if (!Directory.Exists(copy))
                {
                    Directory.CreateDirectory(copy);
                    foreach (var file in Directory.GetFiles(folder))
                    {
                        File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
                    }
                }
            }
        }
    }

    private static async Task UntilAnswersAsync(Testing.Services.ReplicaProcess replica, double expected)
    {
        var deadline = Stopwatch.StartNew();
        while (await PredictAsync(replica.Client, (await OnlyEndpointAsync(replica))) is not { } answer || Math.Abs(answer - expected) > 1e-4)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"{replica.Name} does not answer {expected}");
            await Task.Delay(1);
        }
    }

    private static async Task<string> OnlyEndpointAsync(Testing.Services.ReplicaProcess replica)
    {
        var list = await ApiAssert.OkJsonAsync(await replica.Client.GetAsync("/api/2.0/serving-endpoints"));
        return (string)list["endpoints"]![0]!["name"]!;
    }

    private static async Task<HttpStatusCode> StatusWithAsync(Testing.Services.ReplicaProcess replica, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/2.0/serving-endpoints");
        request.Headers.Authorization = new("Bearer", token);
        using var answer = await replica.Client.SendAsync(request);
        return answer.StatusCode;
    }

    private static string Summary(List<double> samples)
    {
        var sorted = samples.Order().ToList();
        double Rank(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return $"n={sorted.Count} p50={Rank(0.5):F1} ms p99={Rank(0.99):F1} ms max={sorted[^1]:F1} ms";
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaClusterCollection
{
    public const string Name = "replica cluster";
}
