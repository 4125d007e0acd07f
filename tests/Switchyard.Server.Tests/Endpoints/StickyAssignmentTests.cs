using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Core.Routing;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>traffic_config.sticky over real HTTP: the unit key's bucket chooses the entity, answers say which.</summary>
public sealed class StickyAssignmentTests
{
    private const string Salt = "s1";

    /// <summary>The mission's two-model endpoint, sticky on x-user-id, with the given split in basis points.</summary>
    private static string CreateBody(int current, int challenger, string? sticky = null) =>
        MissionScenario.CreateBody
            .Replace("\"traffic_percentage\": 90", $"\"traffic_basis_points\": {current}", StringComparison.Ordinal)
            .Replace("\"traffic_percentage\": 10}\n", $"\"traffic_basis_points\": {challenger}}}\n", StringComparison.Ordinal)
            .Replace("\"routes\": [", $"\"sticky\": {sticky ?? $$"""{"header": "x-user-id", "salt": "{{Salt}}"}"""}, \"routes\": [", StringComparison.Ordinal);

    private static async Task<ServerUnderTest> StartStickyAsync(int current = 5000, int challenger = 5000)
    {
        var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", CreateBody(current, challenger)));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        return server;
    }

    private static async Task<(string Served, string? Bucket, string Version)> QueryAsync(
        ServerUnderTest server, string? userId, string body = MissionScenario.QueryBody, string path = "/serving-endpoints/multi-model/invocations")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (userId is not null)
        {
            request.Headers.Add("x-user-id", userId);
        }

        using var response = await server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (response.Headers.GetValues("served-model-name").Single(),
            response.Headers.TryGetValues("x-assignment-bucket", out var bucket) ? bucket.Single() : null,
            response.Headers.GetValues("x-config-version").Single());
    }

    private static async Task<(string Served, string? Bucket, string Version)[]> QueryEachAsync(ServerUnderTest server, string[] users)
    {
        var answers = new (string, string?, string)[users.Length];
        for (var i = 0; i < users.Length; i++)
        {
            answers[i] = await QueryAsync(server, users[i]);
        }

        return answers;
    }

    [Fact]
    public async Task SameUserId_GetsTheSameEntityAndBucket_Across200Requests()
    {
        await using var server = await StartStickyAsync();
        // A published vector: SHA-256("s1" + "user-1") gives bucket 1326, owned by the first route's [0, 5000).
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(("current", "1326", "1"), await QueryAsync(server, "user-1"));
        }
    }

    [Fact]
    public async Task HeaderMissing_TheBodysClientRequestIdKeysTheUnit()
    {
        await using var server = await StartStickyAsync();
        var body = MissionScenario.QueryBody.Replace("{\"dataframe_split\"", "{\"client_request_id\": \"user-1\", \"dataframe_split\"", StringComparison.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(("current", "1326", "1"), await QueryAsync(server, null, body));
        }

        // The header wins over the body when both are there.
        var headerBucket = AssignmentBucket.Of(Salt, "user-7").ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(headerBucket, (await QueryAsync(server, "user-7", body)).Bucket);
    }

    [Fact]
    public async Task NeitherHeaderNorClientRequestId_IsRandom_AndTheSplitHolds()
    {
        await using var server = await StartStickyAsync(9000, 1000);
        var counts = new int[2];
        const int total = 2000;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < total / 8; i++)
            {
                var (served, bucket, _) = await QueryAsync(server, null);
                Assert.Null(bucket);
                Interlocked.Increment(ref counts[served == "current" ? 0 : 1]);
            }
        }));

        ChiSquare.AssertFits(counts, 0.9, 0.1);
    }

    [Fact]
    public async Task Ramp_OverHttp_KeepsEveryUserTheChallengerHad_AndAnswersTheNewVersion()
    {
        await using var server = await StartStickyAsync(9000, 1000);
        var users = Enumerable.Range(0, 300).Select(i => $"user-{i}").ToArray();
        var before = await QueryEachAsync(server, users);
        var update = MissionScenario.Parse(CreateBody(7500, 2500))["config"]!.ToJsonString();
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", update));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        var after = await QueryEachAsync(server, users);
        for (var i = 0; i < users.Length; i++)
        {
            Assert.Equal("2", after[i].Version);
            Assert.Equal(before[i].Bucket, after[i].Bucket);
            if (before[i].Served == "challenger")
            {
                Assert.Equal("challenger", after[i].Served);
            }
        }
    }

    [Fact]
    public async Task RampUpThenBack_RestoresTheEarlierAssignment_AndItSurvivesARestart()
    {
        await using var server = await StartStickyAsync(9000, 1000);
        var users = Enumerable.Range(0, 300).Select(i => $"user-{i}").ToArray();
        var first = await QueryEachAsync(server, users);
        foreach (var (current, challenger) in new[] { (8000, 2000), (9000, 1000) })
        {
            var update = MissionScenario.Parse(CreateBody(current, challenger))["config"]!.ToJsonString();
            await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", update));
            await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        }

        // Version 3 owns what version 1 did (the challenger gave back the buckets it got last), and
        // the buckets are kept with the config: a restart serves the same.
        await server.RestartAsync();
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        var back = await QueryEachAsync(server, users);
        Assert.Equal(first.Select(a => (a.Served, a.Bucket, "3")), back);
    }

    [Fact]
    public async Task Rollback_ReappliesStickyAndBasisPoints_AndTheVersionsBuckets()
    {
        await using var server = await StartStickyAsync(9950, 50);
        var users = Enumerable.Range(0, 300).Select(i => $"user-{i}").ToArray();
        var first = await QueryEachAsync(server, users);
        var update = MissionScenario.Parse(CreateBody(7000, 3000))["config"]!.ToJsonString();
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", update));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints/multi-model/config/rollback", """{"config_version": 1}"""));
        var endpoint = await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        var traffic = endpoint["config"]!["traffic_config"]!;
        Assert.Equal("""{"header":"x-user-id","salt":"s1"}""", traffic["sticky"]!.ToJsonString());
        Assert.Equal(50, (int)traffic["routes"]![1]!["traffic_basis_points"]!);
        var back = await QueryEachAsync(server, users);
        Assert.Equal(first.Select(a => (a.Served, a.Bucket, "3")), back);
    }

    [Fact]
    public async Task Canary_Of50BasisPoints_ServesTheUnitsOfItsBuckets()
    {
        await using var server = await StartStickyAsync(9950, 50);
        // The first route owns [0, 9950), the canary [9950, 10000).
        var canaryUser = Enumerable.Range(0, 100_000).Select(i => $"user-{i}").First(u => AssignmentBucket.Of(Salt, u) >= 9950);
        Assert.Equal("challenger", (await QueryAsync(server, canaryUser)).Served);
        Assert.Equal("current", (await QueryAsync(server, "user-1")).Served);
    }

    [Fact]
    public async Task Get_ReturnsStickyAndBasisPointsAsGiven()
    {
        await using var server = await StartStickyAsync(9950, 50);
        var endpoint = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"));
        var traffic = endpoint["config"]!["traffic_config"]!;
        Assert.Equal("""{"header":"x-user-id","salt":"s1"}""", traffic["sticky"]!.ToJsonString());
        Assert.Equal(9950, (int)traffic["routes"]![0]!["traffic_basis_points"]!);
        Assert.Equal(50, (int)traffic["routes"]![1]!["traffic_basis_points"]!);
        Assert.Null(traffic["routes"]![0]!["traffic_percentage"]);
    }

    [Fact]
    public async Task PinnedServedModelRoute_CarriesTheConfigVersion_AndNoBucket()
    {
        await using var server = await StartStickyAsync();
        var (served, bucket, version) = await QueryAsync(server, "user-1", path: "/serving-endpoints/multi-model/served-models/challenger/invocations");
        Assert.Equal(("challenger", null, "1"), (served, bucket, version));
    }

    [Fact]
    public async Task NonStickyEndpoint_CarriesTheConfigVersion_AndNoBucket()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        var (_, bucket, version) = await QueryAsync(server, "user-1");
        Assert.Equal((null, "1"), (bucket, version));
        (_, bucket, version) = await QueryAsync(server, null, path: "/serving-endpoints/multi-model/served-models/current/invocations");
        Assert.Equal((null, "1"), (bucket, version));
    }
}
