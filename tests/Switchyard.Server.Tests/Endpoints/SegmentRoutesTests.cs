using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>traffic_config.segments over real HTTP: a matching request takes its segment's split, the rest the default routes.</summary>
public sealed class SegmentRoutesTests
{
    private const string Path = "/serving-endpoints/multi-model/invocations";

    /// <summary>The mission's two models, all default traffic to current, with the given segments.</summary>
    private static string Body(string segments, string? sticky = null) =>
        MissionScenario.CreateBody[..MissionScenario.CreateBody.IndexOf("\"traffic_config\"", StringComparison.Ordinal)]
        + "\"traffic_config\": {" + (sticky is null ? "" : $"\"sticky\": {sticky}, ")
        + """ "routes": [{"served_model_name": "current", "traffic_percentage": 100}, {"served_model_name": "challenger", "traffic_percentage": 0}], """
        + "\"segments\": " + segments + "}}}";

    private const string BetaToChallenger =
        """[{"name": "beta", "match": {"header": "x-cohort", "values": ["beta", "alpha"]}, "routes": [{"served_entity_name": "challenger", "traffic_percentage": 100}]}]""";

    private static async Task<ServerUnderTest> StartAsync(string segments, string? sticky = null)
    {
        var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", Body(segments, sticky)));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        return server;
    }

    private static async Task<(string Served, string? Segment)> QueryAsync(
        ServerUnderTest server, (string Name, string Value)? header = null, string path = Path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(MissionScenario.QueryBody, Encoding.UTF8, "application/json") };
        if (header is { } given)
        {
            request.Headers.Add(given.Name, given.Value);
        }

        using var response = await server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (response.Headers.GetValues("served-model-name").Single(),
            response.Headers.TryGetValues("x-traffic-segment", out var segment) ? segment.Single() : null);
    }

    [Fact]
    public async Task HeaderSegment_TakesItsOwnSplit_UnmatchedTrafficTheDefault()
    {
        await using var server = await StartAsync(BetaToChallenger);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(("challenger", "beta"), await QueryAsync(server, ("x-cohort", i % 2 == 0 ? "beta" : "alpha")));
            Assert.Equal(("current", null), await QueryAsync(server, ("x-cohort", "Beta")));
            Assert.Equal(("current", null), await QueryAsync(server));
        }

        // A served model named in the path is that one, whatever the segment says.
        Assert.Equal(("current", null), await QueryAsync(server, ("x-cohort", "beta"), "/serving-endpoints/multi-model/served-models/current/invocations"));
    }

    [Fact]
    public async Task GroupSegment_MatchesTheCallersGroups_FirstMatchWins()
    {
        // The admin is in "admins", not in "beta-testers": the second segment takes its traffic, the first never does.
        await using var server = await StartAsync("""
            [{"name": "testers", "match": {"group": "beta-testers"}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]},
             {"name": "staff", "match": {"group": "admins"}, "routes": [{"served_entity_name": "challenger", "traffic_percentage": 100}]},
             {"name": "later", "match": {"header": "x-cohort", "values": ["beta"]}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]
            """);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(("challenger", "staff"), await QueryAsync(server, ("x-cohort", "beta")));
        }
    }

    [Fact]
    public async Task StickySegment_SplitsItsUnitsByBucket_EachUnitStaysPut()
    {
        await using var server = await StartAsync(
            """[{"name": "beta", "match": {"header": "x-cohort", "values": ["beta"]}, "routes": [{"served_entity_name": "current", "traffic_percentage": 50}, {"served_entity_name": "challenger", "traffic_percentage": 50}]}]""",
            """{"header": "x-user-id", "salt": "s1"}""");
        var seen = new Dictionary<string, int>();
        for (var user = 0; user < 100; user++)
        {
            var first = await QueryWithUserAsync(server, $"user-{user}");
            Assert.Equal(first, await QueryWithUserAsync(server, $"user-{user}"));
            seen[first] = seen.GetValueOrDefault(first) + 1;
        }

        // 100 units over a 50/50 split: each arm within 50 ± 20 (4σ).
        Assert.InRange(seen.GetValueOrDefault("current"), 30, 70);
        Assert.InRange(seen.GetValueOrDefault("challenger"), 30, 70);
    }

    private static async Task<string> QueryWithUserAsync(ServerUnderTest server, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(MissionScenario.QueryBody, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-cohort", "beta");
        request.Headers.Add("x-user-id", user);
        using var response = await server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("beta", response.Headers.GetValues("x-traffic-segment").Single());
        return response.Headers.GetValues("served-model-name").Single();
    }

    [Fact]
    public async Task Segments_ReadBack_AndAreKeptInTheHistory()
    {
        await using var server = await StartAsync(BetaToChallenger);
        var endpoint = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"));
        var segments = endpoint["config"]!["traffic_config"]!["segments"]!.AsArray();
        var segment = Assert.Single(segments)!;
        Assert.Equal("beta", (string)segment["name"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"header": "x-cohort", "values": ["beta", "alpha"]}"""), segment["match"]));
        Assert.Equal(100, (int)segment["routes"]![0]!["traffic_percentage"]!);

        // An update without segments drops them: every request takes the default routes again.
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", MissionScenario.UpdateTo5050));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        Assert.Null((await QueryAsync(server, ("x-cohort", "beta"))).Segment);

        var history = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model/config-history"));
        var first = history["configs"]!.AsArray()[^1]!;
        Assert.Equal("beta", (string)first["config"]!["traffic_config"]!["segments"]![0]!["name"]!);
        Assert.Contains(history["configs"]![0]!["diff"]!.AsArray(), change => (string)change!["path"]! == "traffic_config.segments");
    }

    [Fact]
    public async Task BadSegments_Are400NamingTheField_AndCreateNothing()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        (string Segments, string Expected)[] cases =
        [
            ("""{"name": "beta"}""", "traffic_config.segments must be a JSON array"),
            ("""[{"match": {"group": "g"}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "traffic_config.segments[0].name is required"),
            ("""[{"name": "a b", "match": {"group": "g"}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "traffic_config.segments[0].name 'a b'"),
            ("""[{"name": "a", "match": {"group": "g"}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}, {"name": "a", "match": {"group": "h"}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "segments[1].name 'a' is used by another segment"),
            ("""[{"name": "a", "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "traffic_config.segments[0].match is required"),
            ("""[{"name": "a", "match": {"group": "g", "header": "x-c", "values": ["v"]}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "exactly one of them"),
            ("""[{"name": "a", "match": {"header": "x c", "values": ["v"]}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "segments[0].match.header 'x c' is not a valid HTTP header name"),
            ("""[{"name": "a", "match": {"header": "x-c", "values": []}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "segments[0].match.values must list 1 to 100"),
            ("""[{"name": "a", "match": {"header": "x-c", "values": ["v", 3]}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "segments[0].match.values[1] must be a string"),
            ("""[{"name": "a", "match": {"group": "g", "ttl": 1}, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "segments[0].match.ttl is not a field"),
            ("""[{"name": "a", "match": {"group": "g"}, "weight": 3, "routes": [{"served_entity_name": "current", "traffic_percentage": 100}]}]""", "segments[0].weight is not a field"),
            ("""[{"name": "a", "match": {"group": "g"}, "routes": []}]""", "segments[0].routes must list the segment's split"),
            ("""[{"name": "a", "match": {"group": "g"}, "routes": [{"served_entity_name": "current", "traffic_percentage": 60}]}]""", "segments[0].routes: traffic percentages must sum to 100, got 60"),
            ("""[{"name": "a", "match": {"group": "g"}, "routes": [{"served_entity_name": "nobody", "traffic_percentage": 100}]}]""", "segments[0].routes[0].served_model_name 'nobody' does not name a served entity"),
        ];
        foreach (var (segments, expected) in cases)
        {
            var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", Body(segments)), 400, "INVALID_PARAMETER_VALUE");
            Assert.Contains(expected, message, StringComparison.Ordinal);
        }

        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"), 404, "RESOURCE_DOES_NOT_EXIST");
    }
}
