using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Gateway.Traffic;

/// <summary>GET …/traffic: each served entity's own queries and errors, minute by minute, with no gateway configured.</summary>
public sealed class TrafficRouteTests : IAsyncLifetime
{
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync() => _server = await ServerUnderTest.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EachArmCountsItsOwnQueriesAndErrors()
    {
        await MissionScenario.RegisterSamplesAsync(_server);
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await _server.WaitUntilReadyAsync("multi-model");

        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.OkJsonAsync(await Pinned("current", MissionScenario.QueryBody));
        }

        await ApiAssert.OkJsonAsync(await Pinned("challenger", MissionScenario.QueryBody));
        await ApiAssert.ErrorAsync(await Pinned("challenger", """{"dataframe_split": {"columns": ["x1"], "data": [[1]]}}"""), 400, "BAD_REQUEST");

        var traffic = await _server.GetOkJsonAsync("/api/2.0/serving-endpoints/multi-model/traffic?minutes=5");

        Assert.Equal(60, (int)traffic["bucket_seconds"]!);
        var arms = traffic["served_entities"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!["points"]!.AsArray());
        Assert.Equal(5, arms["current"].Count);
        Assert.Equal((3L, 0L), Totals(arms["current"]));
        Assert.Equal((2L, 1L), Totals(arms["challenger"]));
        var latest = arms["current"].Last(p => (long)p!["requests"]! > 0)!;
        Assert.True((double)latest["p50_ms"]! > 0);
    }

    [Fact]
    public async Task MinutesOutOfRange_IsRefusedNamingTheParameter()
    {
        await MissionScenario.RegisterSamplesAsync(_server);
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));

        var refused = await _server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model/traffic?minutes=61");

        Assert.StartsWith("minutes", await ApiAssert.ErrorAsync(refused, 400, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Pinned(string served, string body) =>
        _server.Client.PostAsync($"/serving-endpoints/multi-model/served-models/{served}/invocations", new StringContent(body, Encoding.UTF8, "application/json"));

    private static (long Requests, long Errors) Totals(JsonArray points) =>
        (points.Sum(p => (long)p!["requests"]!), points.Sum(p => (long)p!["errors"]!));
}
