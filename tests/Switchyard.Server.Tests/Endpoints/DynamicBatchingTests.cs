using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.SampleModels;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// <c>dynamic_batching</c> on a custom model over real HTTP: the field is echoed, concurrent
/// queries share model runs (the entity's metrics count them) and each is answered exactly as an
/// endpoint without batching answers it; every bad value, and the field on an entity that cannot
/// batch, is a 400 naming it.
/// </summary>
public sealed class DynamicBatchingTests(RegisteredModelsHost host) : IClassFixture<RegisteredModelsHost>
{
    private static string Create(string name, string batching, string model = "model-A") => $$$"""
        {"name": "{{{name}}}", "config": {"served_entities": [
          {"name": "a", "entity_name": "catalog.schema.{{{model}}}", "entity_version": "1", "workload_size": "Small",
           "scale_to_zero_enabled": false {{{batching}}} }]}}
        """;

    [Fact]
    public async Task ConcurrentQueries_ShareRuns_AndAreAnsweredAsWithoutBatching()
    {
        // A model whose run takes a while (about 200 µs): queries arriving together meet while one runs
        // (a lone query runs at once, so a model that answers in microseconds would rarely see company).
        const int width = 1024;
        var folder = Path.Combine(host.Server.DataDir + "-samples", "wide");
        SampleModelLibrary.WriteMlp(folder, width, 4096, 8, seed: 3);
        await MissionScenario.RegisterAsync(host.Server, "wide", folder);
        var created = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints",
            Create("batched", """, "dynamic_batching": {"max_batch_size": 8, "max_delay_us": 5000}""", "wide")));
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("unbatched", "", "wide")));
        Assert.Equal("""{"max_batch_size":8,"max_delay_us":5000}""", created["pending_config"]!["served_entities"]![0]!["dynamic_batching"]!.ToJsonString());
        await MissionScenario.WaitForUpdateAsync(host.Server, "batched");
        await MissionScenario.WaitForUpdateAsync(host.Server, "unbatched");

        const int queries = 64;
        // Every fourth query carries a second row, so batches stack queries of different sizes.
        var bodies = Enumerable.Range(0, queries).Select(i =>
        {
            var row = "[" + string.Join(", ", Enumerable.Range(0, width).Select(c => ((c * 31 + i * 17) % 23 - 11) * 0.125).Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
            return "{\"inputs\": [" + row + (i % 4 == 0 ? ", " + row : "") + "]}";
        }).ToList();
        // A first burst opens the client's connections; the second arrives at once over them.
        foreach (var warm in await Task.WhenAll(bodies.Select(body => host.Server.PostJsonAsync("/serving-endpoints/batched/invocations", body))))
        {
            await ApiAssert.OkJsonAsync(warm);
        }

        var before = (Queries: await host.MetricAsync("batched", "batched_queries_total", "a"), Rows: await host.MetricAsync("batched", "batched_rows_total", "a"),
            Runs: await host.MetricAsync("batched", "batch_runs_total", "a"));
        var batched = await Task.WhenAll(bodies.Select(body => host.Server.PostJsonAsync("/serving-endpoints/batched/invocations", body)));

        for (var i = 0; i < queries; i++)
        {
            var alone = await host.Server.PostJsonAsync("/serving-endpoints/unbatched/invocations", bodies[i]);
            Assert.Equal(System.Net.HttpStatusCode.OK, batched[i].StatusCode);
            Assert.Equal(await alone.Content.ReadAsStringAsync(), await batched[i].Content.ReadAsStringAsync());
        }

        Assert.Equal(queries, await host.MetricAsync("batched", "batched_queries_total", "a") - before.Queries);
        Assert.Equal(queries + queries / 4, await host.MetricAsync("batched", "batched_rows_total", "a") - before.Rows);
        var runs = await host.MetricAsync("batched", "batch_runs_total", "a") - before.Runs;
        // The server shares its thread pool with this test's client, so at times only one of its threads
        // serves: queries then meet only because a new batch runs behind the requests already queued
        // (when a lone query ran at once, all 64 ran alone in about a third of runs; 11 to 17 runs since).
        Assert.True(runs <= queries / 2, $"{runs} runs for {queries} concurrent queries: most should have shared a run");
    }

    public static TheoryData<string, string> BadBatchings => new()
    {
        { """ "dynamic_batching": {"max_batch_size": 1, "max_delay_us": 100}""", "served_entities[0].dynamic_batching.max_batch_size must be from 2 to 1024 rows, got 1" },
        { """ "dynamic_batching": {"max_batch_size": 2048, "max_delay_us": 100}""", "served_entities[0].dynamic_batching.max_batch_size must be from 2 to 1024 rows, got 2048" },
        { """ "dynamic_batching": {"max_delay_us": 100}""", "served_entities[0].dynamic_batching.max_batch_size is required" },
        { """ "dynamic_batching": {"max_batch_size": 8, "max_delay_us": -1}""", "served_entities[0].dynamic_batching.max_delay_us must be from 0 to 1000000 microseconds, got -1" },
        { """ "dynamic_batching": {"max_batch_size": 8}""", "served_entities[0].dynamic_batching.max_delay_us is required" },
        { """ "dynamic_batching": {"max_batch_size": 8, "max_delay_us": 10, "preferred_batch_size": 4}""", "served_entities[0].dynamic_batching.preferred_batch_size is not a field of dynamic_batching" },
        { """ "dynamic_batching": {"max_batch_size": "eight", "max_delay_us": 10}""", "served_entities[0].dynamic_batching.max_batch_size must be a whole number" },
        { """ "dynamic_batching": true""", "served_entities[0].dynamic_batching must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadBatchings))]
    public async Task BadBatching_Is400NamingTheField_AndCreatesNothing(string batching, string expected)
    {
        var message = await ApiAssert.ErrorAsync(
            await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("batching-refused", "," + batching)), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/batching-refused"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task BatchingOnAnExternalModel_IsRefused()
    {
        var body = new JsonObject
        {
            ["name"] = "batching-external",
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "chat",
                    ["external_model"] = JsonNode.Parse("""
                        {"name": "gpt-4o", "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key_plaintext": "sk-test"}}
                        """),
                    ["dynamic_batching"] = JsonNode.Parse("""{"max_batch_size": 8, "max_delay_us": 100}"""),
                }),
            },
        };

        var message = await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", body.ToJsonString()), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("served_entities[0].dynamic_batching is for custom models only", message, StringComparison.Ordinal);
    }
}
