using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Gateway;
using static Switchyard.Server.Tests.Gateway.Usage.UsageSamples;

namespace Switchyard.Server.Tests.Gateway.Usage;

/// <summary>
/// GET …/serving-endpoints/{name}/usage over real HTTP, with rows appended through the server's
/// own usage log (as the capture step appends them): who sees which rows, pages, ranges, restarts
/// and deletes.
/// </summary>
public sealed class UsageRouteTests
{
    private const string Path = "/api/2.0/serving-endpoints/metered/usage";

    [Fact]
    public async Task Manager_SeesEveryRow_QuerierOnlyTheirOwn_ViewerNone()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var created = await CreateEndpointAsync(server);
        var (_, anaToken) = await server.CreateUserWithTokenAsync("ana@example.com");
        var (_, viewerToken) = await server.CreateUserWithTokenAsync("viewer@example.com");
        await GrantAsync(server, ("ana@example.com", "CAN_QUERY"), ("viewer@example.com", "CAN_VIEW"));
        var log = server.Services.GetRequiredService<IUsageLog>();
        var (anaRequester, adminRequester) = ("ana@example.com", await AdminNameAsync(server));
        log.Append(Row("metered", anaRequester, created.AddSeconds(1), input: 3, output: 4) with { ClientRequestId = "c-1",
            UsageContext = new Dictionary<string, string> { ["team"] = "risk" } }, Entity("metered"));
        log.Append(Row("metered", adminRequester, created.AddSeconds(2), status: 500), Entity("metered"));
        log.Append(Row("metered", anaRequester, created.AddSeconds(3), served: "challenger", input: null, output: null), Entity("metered", "challenger"));
        await WaitForRowsAsync(server, 3);
        var ana = server.ClientFor(anaToken);

        var all = await server.GetOkJsonAsync(Path);
        var own = await ApiAssert.OkJsonAsync(await ana.GetAsync(Path));

        Assert.Equal(3, all["usage"]!.AsArray().Count);
        Assert.Equal(2, all["served_entities"]!.AsArray().Count);
        Assert.Equal(3, all["totals"]!.AsArray().Count);
        var first = own["usage"]!.AsArray()[0]!;
        Assert.Equal("c-1", (string?)first["client_request_id"]);
        Assert.Equal(created.AddSeconds(1).ToUnixTimeMilliseconds(), (long)first["request_time"]!);
        Assert.Equal("risk", (string?)first["usage_context"]!["team"]);
        Assert.Equal(ServedEntityId.Of("metered", "champion", 1), (string?)first["served_entity_id"]);
        Assert.All(own["usage"]!.AsArray(), row => Assert.Equal(anaRequester, (string?)row!["requester"]));
        Assert.Equal(
            """[{"served_entity_name":"challenger","requester":"ana@example.com","requests":1,"errors":0,"input_tokens":0,"output_tokens":0},"""
            + """{"served_entity_name":"champion","requester":"ana@example.com","requests":1,"errors":0,"input_tokens":3,"output_tokens":4}]""",
            own["totals"]!.ToJsonString());
        Assert.Null(own["next_page_token"]);
        await ApiAssert.ErrorAsync(await ana.GetAsync(Path + "?requester=" + Uri.EscapeDataString(adminRequester)), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await server.ClientFor(viewerToken).GetAsync(Path), 403, "PERMISSION_DENIED");
        var adminOnly = await server.GetOkJsonAsync(Path + "?requester=" + Uri.EscapeDataString(adminRequester));
        Assert.Equal(500, (int)adminOnly["usage"]!.AsArray().Single()!["status_code"]!);

        var metrics = await (await server.Client.GetAsync("/api/2.0/serving-endpoints/metered/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("switchyard_usage_rows_written_total{endpoint=\"metered\"} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("switchyard_usage_rows_dropped_total{endpoint=\"metered\"} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_AndTimeRange_WalkTheRowsOnce()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var created = await CreateEndpointAsync(server);
        var log = server.Services.GetRequiredService<IUsageLog>();
        for (var i = 0; i < 7; i++)
        {
            log.Append(Row("metered", "ana@example.com", created.AddSeconds(i), id: $"r{i}"), Entity("metered"));
        }

        await WaitForRowsAsync(server, 7);

        var seen = new List<string>();
        var query = "?max_results=3";
        for (var pages = 1; ; pages++)
        {
            var page = await server.GetOkJsonAsync(Path + query);
            seen.AddRange(page["usage"]!.AsArray().Select(r => (string)r!["databricks_request_id"]!));
            Assert.Equal(7, (long)page["totals"]![0]!["requests"]!);
            if (page["next_page_token"] is not { } token)
            {
                Assert.Equal(3, pages);
                break;
            }

            query = "?max_results=3&page_token=" + (string)token!;
        }

        var range = await server.GetOkJsonAsync(
            $"{Path}?start_time={created.AddSeconds(2).ToUnixTimeMilliseconds()}&end_time={created.AddSeconds(5).ToUnixTimeMilliseconds()}");

        Assert.Equal(["r0", "r1", "r2", "r3", "r4", "r5", "r6"], seen);
        Assert.Equal(["r2", "r3", "r4"], range["usage"]!.AsArray().Select(r => (string)r!["databricks_request_id"]!));
        Assert.Equal(3, (long)range["totals"]![0]!["requests"]!);
    }

    [Theory]
    [InlineData("start_time=soon", "start_time")]
    [InlineData("end_time=-5", "end_time")]
    [InlineData("start_time=2000&end_time=1000", "end_time")]
    [InlineData("max_results=-1", "max_results")]
    [InlineData("page_token=not-ours", "page_token")]
    public async Task BadParameter_Is400NamingIt(string query, string field)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateEndpointAsync(server);

        var message = await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Path}?{query}"), 400, "INVALID_PARAMETER_VALUE");

        Assert.StartsWith(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsTheRows()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var created = await CreateEndpointAsync(server);
        var log = server.Services.GetRequiredService<IUsageLog>();
        log.Append(Row("metered", "ana@example.com", created.AddSeconds(1), id: "kept"), Entity("metered"));
        // Appended just before the stop: the graceful stop writes it.
        await WaitForRowsAsync(server, 1);
        server.Services.GetRequiredService<IUsageLog>().Append(Row("metered", "ana@example.com", created.AddSeconds(2), id: "flushed"), Entity("metered"));

        await server.RestartAsync();
        var after = await server.GetOkJsonAsync(Path);

        Assert.Equal(["kept", "flushed"], after["usage"]!.AsArray().Select(r => (string)r!["databricks_request_id"]!));
        Assert.Single(after["served_entities"]!.AsArray());
    }

    [Fact]
    public async Task DeletedEndpoint_TakesItsRows_ANewOneOfTheNameStartsEmpty()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var created = await CreateEndpointAsync(server);
        server.Services.GetRequiredService<IUsageLog>().Append(Row("metered", "ana@example.com", created.AddSeconds(1)), Entity("metered"));
        await WaitForRowsAsync(server, 1);

        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync("/api/2.0/serving-endpoints/metered"));
        await ApiAssert.ErrorAsync(await server.Client.GetAsync(Path), 404, "RESOURCE_DOES_NOT_EXIST");
        await CreateEndpointAsync(server);
        var fresh = await server.GetOkJsonAsync(Path);

        Assert.Empty(fresh["usage"]!.AsArray());
        Assert.Empty(fresh["served_entities"]!.AsArray());
        Assert.Empty(fresh["totals"]!.AsArray());
    }

    /// <summary>Creates the endpoint "metered" (no config: the rows are appended directly) and answers its creation time.</summary>
    private static async Task<DateTimeOffset> CreateEndpointAsync(ServerUnderTest server)
    {
        var endpoint = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """{"name": "metered"}"""));
        return DateTimeOffset.FromUnixTimeMilliseconds((long)endpoint["creation_timestamp"]!);
    }

    private static async Task GrantAsync(ServerUnderTest server, params (string User, string Level)[] grants)
    {
        var id = (string)(await server.GetOkJsonAsync("/api/2.0/serving-endpoints/metered"))["id"]!;
        var acl = new JsonArray([.. grants.Select(g => new JsonObject { ["user_name"] = g.User, ["permission_level"] = g.Level })]);
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync("/api/2.0/permissions/serving-endpoints/" + id,
            new JsonObject { ["access_control_list"] = acl }.ToJsonString()));
    }

    private static async Task<string> AdminNameAsync(ServerUnderTest server) =>
        (string)(await server.GetOkJsonAsync("/api/2.0/serving-endpoints/metered"))["creator"]!;

    private static async Task WaitForRowsAsync(ServerUnderTest server, int count)
    {
        var clock = Stopwatch.StartNew();
        while ((await server.GetOkJsonAsync(Path))["usage"]!.AsArray().Count < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"fewer than {count} usage rows after 10 s");
            await Task.Delay(50);
        }
    }
}
