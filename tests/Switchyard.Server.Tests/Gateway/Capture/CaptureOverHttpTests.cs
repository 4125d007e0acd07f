using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Gateway;
using Switchyard.Providers;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>
/// The inference table and usage rows over real HTTP: every query of an endpoint with a table is
/// a row readable within 2 s, read alike by DuckDB (the query route) and by ParquetSharp from the
/// files, matching the queries sent one for one, whatever their status.
/// </summary>
public sealed class CaptureOverHttpTests
{
    [Fact]
    public async Task Onnx_endpoint_every_status_is_a_row_within_2s_read_alike_by_DuckDB_and_ParquetSharp()
    {
        await using var host = await CaptureHost.StartAsync();
        const string name = "onnx_ep";
        await host.CreateCustomEndpointAsync(name, CaptureHost.Gateway(name));
        var (_, outsiderToken) = await host.Server.CreateUserWithTokenAsync("outsider@example.com");
        var admin = (string)(await host.Server.GetOkJsonAsync("/api/2.0/preview/scim/v2/Me"))["userName"]!;
        var client = host.Server.Client;
        var path = $"/serving-endpoints/{name}/invocations";

        var sent = new List<Sent>();
        for (var i = 0; i < 4; i++)
        {
            sent.Add(await CaptureHost.QueryAsync(client, path, MissionScenario.QueryBody));
        }

        // The model's own 400 (a column missing), with the client's id logged.
        const string withClientId = """{"client_request_id": "cli-1", "dataframe_split": {"columns": ["x1"], "data": [[1]]}}""";
        sent.Add(await CaptureHost.QueryAsync(client, path, withClientId));
        sent.Add(await CaptureHost.QueryAsync(host.Server.ClientFor(outsiderToken), path, MissionScenario.QueryBody));
        sent.Add(await CaptureHost.QueryAsync(client, $"/serving-endpoints/{name}/served-models/nope/invocations", MissionScenario.QueryBody));
        sent.Add(await CaptureHost.QueryAsync(host.Server.AnonymousClient(), path, MissionScenario.QueryBody));
        // The OpenAI-compatible path to a custom model: the driver throws its 400 through the capture.
        var chat = $$"""{"model": "{{name}}", "messages": [{"role": "user", "content": "hi"}]}""";
        sent.Add(await CaptureHost.QueryAsync(client, "/serving-endpoints/chat/completions", chat));

        Assert.Equal([200, 200, 200, 200, 400, 403, 404, 401, 400], sent.Select(s => s.Status));
        Assert.All(sent, s => Assert.Matches("^[0-9a-f]{32}$", s.RequestId));
        var rows = await host.WaitForRowsAsync(name, sent.Count, sent[^1].AnsweredAt);
        Assert.Equal(sent.Count, rows.Count);
        var entityId = ServedEntityId.Of(name, "onnx", 1);
        var bodyUnread = new HashSet<int> { 5, 6, 7 };
        for (var i = 0; i < sent.Count; i++)
        {
            var row = rows.Single(r => r.RequestId == sent[i].RequestId);
            Assert.Equal(sent[i].Status, row.Status);
            Assert.Equal(sent[i].Answer, row.Response);
            Assert.Equal(bodyUnread.Contains(i) ? "" : sent[i].Body, row.Request);
            Assert.Equal(i is 5 or 6 or 7 ? "" : entityId, row.ServedEntityId);
            Assert.Equal(i switch { 5 => "outsider@example.com", 7 => null, _ => admin }, row.Requester);
            Assert.Equal(i == 4 ? "cli-1" : null, row.ClientRequestId);
            Assert.Equal(1.0, row.SamplingFraction);
            Assert.Empty(row.ErrorCodes);
            Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row.RequestDate);
        }

        var files = TableRow.FromFiles(host.TableFolder(name));
        Assert.Equal(rows.OrderBy(r => r.RequestId).Select(Comparable), files.OrderBy(r => r.RequestId).Select(Comparable));

        var usage = host.Usage.Snapshot();
        Assert.Equal(sent.Select(s => (s.RequestId, s.Status)).Order(), usage.Select(u => (u.Record.DatabricksRequestId, u.Record.StatusCode)).Order());
        Assert.All(usage.Where(u => u.Record.ServedEntityId != ""), u => Assert.Equal(("onnx", MissionScenario.ModelA, "1"),
            (u.Entity.ServedEntityName, u.Entity.EntityName, u.Entity.EntityVersion)));
    }

    [Fact]
    public async Task External_endpoint_logs_whole_and_streamed_answers_assembled_with_their_tokens()
    {
        await using var host = await CaptureHost.StartAsync();
        const string name = "echo_ep";
        await host.CreateEchoEndpointAsync(name, CaptureHost.Gateway(name));
        var path = $"/serving-endpoints/{name}/invocations";

        var whole = await CaptureHost.QueryAsync(host.Server.Client, path,
            """{"messages": [{"role": "user", "content": "ping"}], "client_request_id": "cli-7", "usage_context": {"team": "blue", "n": 3}}""");
        var stream = await StreamAsync(host.Server.Client, path, """{"messages": [{"role": "user", "content": "pong"}], "stream": true}""");

        Assert.Equal(200, whole.Status);
        var rows = await host.WaitForRowsAsync(name, 2, stream.AnsweredAt);
        var wholeRow = rows.Single(r => r.RequestId == whole.RequestId);
        Assert.Equal(whole.Answer, wholeRow.Response);
        Assert.Equal("cli-7", wholeRow.ClientRequestId);
        var streamRow = rows.Single(r => r.RequestId == stream.RequestId);
        Assert.Equal(stream.Body, streamRow.Request);
        var assembled = JsonNode.Parse(streamRow.Response)!;
        Assert.Equal("Hi pong", (string?)assembled["choices"]![0]!["message"]!["content"]);
        Assert.Equal((1, 1), ((int)assembled["usage"]!["prompt_tokens"]!, (int)assembled["usage"]!["completion_tokens"]!));
        Assert.Contains("data: ", stream.Answer, StringComparison.Ordinal);

        var usage = host.Usage.Snapshot().ToDictionary(u => u.Record.DatabricksRequestId, u => u.Record);
        var wholeUsage = usage[whole.RequestId];
        Assert.Equal(("cli-7", false, 1, 1), (wholeUsage.ClientRequestId, wholeUsage.RequestStreaming, wholeUsage.InputTokenCount, wholeUsage.OutputTokenCount));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "blue", ["n"] = "3" }, wholeUsage.UsageContext);
        var streamUsage = usage[stream.RequestId];
        Assert.Equal((true, 1, 1), (streamUsage.RequestStreaming, streamUsage.InputTokenCount, streamUsage.OutputTokenCount));
        Assert.NotNull(streamUsage.TimeToFirstByteMs);
        Assert.True(streamUsage.TimeToFirstByteMs <= streamUsage.LatencyMs);
    }

    [Fact]
    public async Task Provider_failures_and_crashes_are_logged_with_their_5xx()
    {
        var usage = new RecordingUsageLog();
        await using var server = await ServerUnderTest.StartAsync(services => services
            .AddExternalProvider<FailingProvider>().AddSingleton<IUsageLog>(usage));
        const string name = "failing_ep";
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = name,
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "failing",
                    ["external_model"] = new JsonObject
                    {
                        ["name"] = "f-1", ["provider"] = "failing", ["task"] = "llm/v1/chat", ["failing_config"] = new JsonObject(),
                    },
                }),
            },
            ["ai_gateway"] = CaptureHost.Gateway(name),
        }));
        await server.WaitUntilReadyAsync(name);
        var path = $"/serving-endpoints/{name}/invocations";

        var failed = await CaptureHost.QueryAsync(server.Client, path, """{"messages": [{"role": "user", "content": "hello"}]}""");
        var crashed = await CaptureHost.QueryAsync(server.Client, path, """{"messages": [{"role": "user", "content": "crash"}]}""");

        Assert.InRange(failed.Status, 500, 599);
        Assert.Equal(500, crashed.Status);
        var deadline = DateTime.UtcNow.AddSeconds(2);
        List<TableRow> rows;
        var folder = InferenceTableLayout.TableFolder(server.DataDir, new InferenceTableConfig("main", "default", name, true));
        while ((rows = Directory.Exists(folder) ? TableRow.FromFiles(folder) : []).Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(failed.Answer, rows.Single(r => r.RequestId == failed.RequestId).Response);
        var crashRow = rows.Single(r => r.RequestId == crashed.RequestId);
        Assert.Equal((500, crashed.Answer), (crashRow.Status, crashRow.Response));
        Assert.Contains("INTERNAL_ERROR", crashRow.Response, StringComparison.Ordinal);
        Assert.Equal([failed.Status, 500], usage.Snapshot().Select(u => u.Record.StatusCode));
    }

    [Fact]
    public async Task Sampling_fraction_keeps_a_binomial_share_of_queries()
    {
        await using var host = await CaptureHost.StartAsync();
        const string name = "sampled_ep";
        await host.CreateCustomEndpointAsync(name, CaptureHost.Gateway(name, sampling: 0.3));
        const int queries = 400;

        var sent = new List<Sent>();
        for (var i = 0; i < queries; i++)
        {
            sent.Add(await CaptureHost.QueryAsync(host.Server.Client, $"/serving-endpoints/{name}/invocations", MissionScenario.QueryBody));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var rows = TableRow.FromQuery(await host.SqlAsync(name, TableRow.Select(name)));
        // n = 400, p = 0.3: mean 120, standard deviation 9.2; ±4.5 sd fails one run in about 150,000.
        Assert.InRange(rows.Count, 79, 161);
        Assert.All(rows, r => Assert.Equal(0.3, r.SamplingFraction));
        Assert.Subset(sent.Select(s => s.RequestId).ToHashSet(), rows.Select(r => r.RequestId).ToHashSet());
        Assert.Equal(rows.Count, rows.Select(r => r.RequestId).Distinct().Count());
        // Usage rows are not sampled.
        Assert.Equal(queries, host.Usage.Snapshot().Count);
    }

    [Fact]
    public async Task Oversize_request_and_response_are_truncated_with_their_codes_never_dropped()
    {
        await using var host = await CaptureHost.StartAsync();
        const string name = "big_ep";
        await host.CreateEchoEndpointAsync(name, CaptureHost.Gateway(name));
        // Two-byte characters, so the cut has to land between them.
        var message = new string('é', 600 * 1024);
        var body = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = message }) }.ToJsonString();

        var sent = await CaptureHost.QueryAsync(host.Server.Client, $"/serving-endpoints/{name}/invocations", body);

        Assert.Equal(200, sent.Status);
        var row = (await host.WaitForRowsAsync(name, 1, sent.AnsweredAt)).Single();
        Assert.Equal(["MAX_REQUEST_SIZE_EXCEEDED", "MAX_RESPONSE_SIZE_EXCEEDED"], row.ErrorCodes);
        Assert.InRange(Encoding.UTF8.GetByteCount(row.Request), (1024 * 1024) - 1, 1024 * 1024);
        Assert.StartsWith(row.Request, body, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(row.Response), (1024 * 1024) - 1, 1024 * 1024);
        Assert.StartsWith(row.Response, sent.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_dropped_by_a_full_queue_are_counted_on_the_metrics_route_and_never_block()
    {
        await using var host = await CaptureHost.StartAsync("--Switchyard:InferenceTables:QueueCapacity=2", "--Switchyard:InferenceTables:FlushInterval=00:00:01");
        const string name = "tiny_queue";
        await host.CreateCustomEndpointAsync(name, CaptureHost.Gateway(name));
        const int queries = 40;

        var sent = await Task.WhenAll(Enumerable.Range(0, queries).Select(_ =>
            CaptureHost.QueryAsync(host.Server.Client, $"/serving-endpoints/{name}/invocations", MissionScenario.QueryBody)));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.All(sent, s => Assert.Equal(200, s.Status));
        var metrics = await (await host.Server.Client.GetAsync($"/api/2.0/serving-endpoints/{name}/metrics")).Content.ReadAsStringAsync();
        var written = Counter(metrics, "switchyard_inference_rows_written_total", name);
        var dropped = Counter(metrics, "switchyard_inference_rows_dropped_total", name);
        Assert.Equal(queries, written + dropped);
        Assert.True(dropped > 0, metrics);
        Assert.Contains("# TYPE switchyard_inference_rows_dropped_total counter\n", metrics, StringComparison.Ordinal);
        Assert.Equal(written, TableRow.FromQuery(await host.SqlAsync(name, TableRow.Select(name))).Count);
    }

    [Fact]
    public async Task A_graceful_stop_writes_every_queued_row()
    {
        await using var host = await CaptureHost.StartAsync("--Switchyard:InferenceTables:FlushInterval=00:00:01");
        const string name = "stopped_ep";
        await host.CreateCustomEndpointAsync(name, CaptureHost.Gateway(name));
        var sent = new List<Sent>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(await CaptureHost.QueryAsync(host.Server.Client, $"/serving-endpoints/{name}/invocations", MissionScenario.QueryBody));
        }

        // Stopped at once, inside the flush window: StopAsync writes what is queued.
        await host.Server.RestartAsync();

        var rows = TableRow.FromFiles(host.TableFolder(name));
        Assert.Equal(sent.Select(s => s.RequestId).Order(), rows.Select(r => r.RequestId).Order());
    }

    [Fact]
    public async Task Small_files_are_compacted_while_the_table_keeps_every_row_once()
    {
        await using var host = await CaptureHost.StartAsync(
            "--Switchyard:InferenceTables:CompactAfter=00:00:00", "--Switchyard:InferenceTables:CompactEvery=00:00:01.500");
        const string name = "compacted_ep";
        await host.CreateCustomEndpointAsync(name, CaptureHost.Gateway(name));
        var sent = new List<Sent>();
        for (var batch = 0; batch < 3; batch++)
        {
            for (var i = 0; i < 3; i++)
            {
                sent.Add(await CaptureHost.QueryAsync(host.Server.Client, $"/serving-endpoints/{name}/invocations", MissionScenario.QueryBody));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(700));
        }

        // The flush files are merged (a lone one may wait for a second: one file needs no merge); a
        // merged file is never merged again (that would rewrite the whole day each time).
        var partition = Directory.GetDirectories(host.TableFolder(name)).Single();
        static bool IsMerged(string file) => file.EndsWith("-merged.parquet", StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.GetFiles(partition, "*.parquet").Count(f => !IsMerged(f)) > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var files = Directory.GetFiles(partition);
        Assert.Contains(files, IsMerged);
        Assert.True(files.Count(f => !IsMerged(f)) <= 1, string.Join(", ", files.Select(Path.GetFileName)));
        Assert.Equal(sent.Select(s => s.RequestId).Order(), files.SelectMany(TableRow.FromFile).Select(r => r.RequestId).Order());
        Assert.Equal(sent.Count, TableRow.FromQuery(await host.SqlAsync(name, TableRow.Select(name))).Count);
    }

    private static long Counter(string metrics, string series, string endpoint)
    {
        var prefix = $"{series}{{endpoint=\"{endpoint}\"}} ";
        var line = metrics.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return long.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Comparable(TableRow row) =>
        $"{row.RequestDate}|{row.RequestId}|{row.ClientRequestId}|{row.Status}|{row.SamplingFraction}|{row.Request}|{row.Response}|{string.Join(",", row.ErrorCodes)}|{row.ServedEntityId}|{row.Requester}";

    /// <summary>Posts a streamed query and reads the whole stream; the answer is the stream's text.</summary>
    private static async Task<Sent> StreamAsync(HttpClient client, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(new MediaTypeHeaderValue("text/event-stream"), response.Content.Headers.ContentType);
        var text = await response.Content.ReadAsStringAsync();
        return new Sent(response.Headers.GetValues("x-request-id").Single(), (int)response.StatusCode, body, text, System.Diagnostics.Stopwatch.GetTimestamp());
    }
}
