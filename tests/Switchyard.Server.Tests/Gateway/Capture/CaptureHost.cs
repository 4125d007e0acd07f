using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Gateway;
using Switchyard.Providers;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;
using Switchyard.Testing.Providers;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>
/// A server with the echo provider and a usage log that keeps what it is handed, and the calls the
/// capture tests share: endpoints with an inference table, queries that note their request id,
/// and the table read back through the query route.
/// </summary>
public sealed class CaptureHost : IAsyncDisposable
{
    private CaptureHost(ServerUnderTest server, RecordingUsageLog usage)
    {
        Server = server;
        Usage = usage;
    }

    public ServerUnderTest Server { get; }

    public RecordingUsageLog Usage { get; }

    public static async Task<CaptureHost> StartAsync(params string[] args)
    {
        var usage = new RecordingUsageLog();
        var server = await ServerUnderTest.StartAsync(
            services => services.AddExternalProvider<EchoProvider>().AddSingleton<IUsageLog>(usage), args);
        return new CaptureHost(server, usage);
    }

    /// <summary>The <c>ai_gateway</c> of an endpoint logging to <c>main.default.&lt;prefix&gt;_payload</c> (catalog <c>main</c>, as on most workspaces).</summary>
    public static JsonObject Gateway(string prefix, double sampling = 1.0, bool usage = true) => new()
    {
        ["inference_table_config"] = new JsonObject
        {
            ["catalog_name"] = "main", ["schema_name"] = "default", ["table_name_prefix"] = prefix, ["enabled"] = true,
            ["sampling_fraction"] = sampling,
        },
        ["usage_tracking_config"] = new JsonObject { ["enabled"] = usage },
    };

    /// <summary>An endpoint serving the sample ONNX model (model-a), with <paramref name="gateway"/>.</summary>
    public async Task CreateCustomEndpointAsync(string name, JsonObject gateway)
    {
        await Server.RegisterModelVersionAsync(MissionScenario.ModelA, RepoPaths.SampleModel("model-a"));
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = name,
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "onnx", ["entity_name"] = MissionScenario.ModelA, ["entity_version"] = "1",
                    ["workload_size"] = "Small", ["scale_to_zero_enabled"] = false,
                }),
            },
            ["ai_gateway"] = gateway,
        }));
        await Server.WaitUntilReadyAsync(name);
        await WarmUpAsync(name, gateway);
    }

    /// <summary>An endpoint on the echo provider (an external model answering "Hi {last user message}"), with <paramref name="gateway"/>.</summary>
    public async Task CreateEchoEndpointAsync(string name, JsonObject gateway)
    {
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = name,
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "echo",
                    ["external_model"] = new JsonObject
                    {
                        ["name"] = "echo-1", ["provider"] = "echo", ["task"] = "llm/v1/chat", ["echo_config"] = new JsonObject { ["greeting"] = "Hi" },
                    },
                }),
            },
            ["ai_gateway"] = gateway,
        }));
        await Server.WaitUntilReadyAsync(name);
        await WarmUpAsync(name, gateway);
    }

    /// <summary>
    /// One query through the route before the test's own, so the 2 s the tests allow measure the
    /// table, not the first load of DuckDB's native library into the test process.
    /// </summary>
    private async Task WarmUpAsync(string name, JsonObject gateway)
    {
        if (gateway.ContainsKey("inference_table_config"))
        {
            await SqlAsync(name, "SELECT count(*) FROM payload");
        }
    }

    /// <summary>Posts a query and answers what the test compares the table with: the request id, status, body sent and body answered.</summary>
    public static async Task<Sent> QueryAsync(HttpClient client, string path, string body)
    {
        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var answer = await response.Content.ReadAsStringAsync();
        var id = response.Headers.TryGetValues(CaptureStep.RequestIdHeader, out var values) ? values.Single() : "";
        return new Sent(id, (int)response.StatusCode, body, answer, Stopwatch.GetTimestamp());
    }

    /// <summary>Runs <paramref name="sql"/> through the query route as the admin and answers its rows.</summary>
    public async Task<JsonObject> SqlAsync(string endpoint, string sql) =>
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync($"/api/2.0/serving-endpoints/{endpoint}/inference-table/query",
            new JsonObject { ["sql"] = sql }));

    /// <summary>
    /// Polls the table of the endpoint (whose table prefix is its name) through DuckDB until it holds <paramref name="count"/> rows; fails unless they
    /// came within <paramref name="within"/> of <paramref name="answeredAt"/> (a Stopwatch timestamp of the last answer).
    /// </summary>
    public async Task<List<TableRow>> WaitForRowsAsync(string endpoint, int count, long answeredAt, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(2);
        while (true)
        {
            var rows = TableRow.FromQuery(await SqlAsync(endpoint, TableRow.Select(endpoint)));
            if (rows.Count >= count)
            {
                Assert.True(Stopwatch.GetElapsedTime(answeredAt) <= limit,
                    $"rows took {Stopwatch.GetElapsedTime(answeredAt)} to be readable");
                return rows;
            }

            Assert.True(Stopwatch.GetElapsedTime(answeredAt) < limit + TimeSpan.FromSeconds(1),
                $"only {rows.Count} of {count} rows readable after {Stopwatch.GetElapsedTime(answeredAt)}");
            await Task.Delay(50);
        }
    }

    public string TableFolder(string prefix) =>
        InferenceTableLayout.TableFolder(Server.DataDir, new InferenceTableConfig("main", "default", prefix, true));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>A query as the client saw it.</summary>
public sealed record Sent(string RequestId, int Status, string Body, string Answer, long AnsweredAt);

/// <summary>A usage log that keeps every record, for the tests to compare.</summary>
public sealed class RecordingUsageLog : IUsageLog
{
    private readonly List<(UsageRecord Record, ServedEntityRecord Entity)> _records = [];

    public void Append(UsageRecord record, ServedEntityRecord entity)
    {
        lock (_records)
        {
            _records.Add((record, entity));
        }
    }

    public List<(UsageRecord Record, ServedEntityRecord Entity)> Snapshot()
    {
        lock (_records)
        {
            return [.. _records];
        }
    }
}
