using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>The split, checked statistically over real HTTP.</summary>
public sealed class TrafficSplitTests
{
    [Theory]
    [InlineData(90, 10)]
    [InlineData(50, 50)]
    public async Task Invocations_4000Requests_FollowTheSplitByChiSquare(int current, int challenger)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var body = MissionScenario.CreateBody
            .Replace("\"traffic_percentage\": 90", $"\"traffic_percentage\": {current}", StringComparison.Ordinal)
            .Replace("\"traffic_percentage\": 10", $"\"traffic_percentage\": \"{challenger}\"", StringComparison.Ordinal);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", body));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");

        var counts = new int[2];
        const int total = 4000;
        const int workers = 8;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            for (var i = 0; i < total / workers; i++)
            {
                var response = await server.PostJsonAsync("/serving-endpoints/multi-model/invocations", MissionScenario.QueryBody);
                Assert.True(response.IsSuccessStatusCode);
                var servedBy = response.Headers.GetValues("served-model-name").Single();
                Interlocked.Increment(ref counts[servedBy == "current" ? 0 : 1]);
            }
        }));

        ChiSquare.AssertFits(counts, current / 100.0, challenger / 100.0);
    }
}
