using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Experiments;
using Switchyard.Server.Experiments;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>
/// GET …/shadow-report over real HTTP: each shadow's comparison with the primary from its stored
/// pairs, its sent/dropped counts, and the noise floor from a second copy of the primary.
/// </summary>
public sealed class ShadowReportTests
{
    private const string Path = "/api/2.0/serving-endpoints";

    /// <summary>current (model A) serves; challenger (model B) and copy (model A again, the noise copy) shadow every query.</summary>
    private const string CreateBody = """
        {"name": "report", "config": {"served_entities": [
          {"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false},
          {"name": "challenger", "entity_name": "catalog.schema.model-B", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false,
           "role": "shadow"},
          {"name": "copy", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false,
           "role": "shadow", "shadow_sample_percentage": 100}]}}
        """;

    private static async Task<ServerUnderTest> StartAsync()
    {
        var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync(Path, CreateBody));
        await server.WaitUntilReadyAsync("report");
        return server;
    }

    /// <summary>
    /// Waits until the dispatcher has decided on every sampled copy of <paramref name="shadow"/> (a
    /// busy shadow drops some) and every copy sent has its pair stored; answers the counts.
    /// </summary>
    private static async Task<ShadowCount> WaitForPairsAsync(ServerUnderTest server, string shadow)
    {
        var store = server.Services.GetRequiredService<IOutputPairStore>();
        var counters = server.Services.GetRequiredService<ShadowCounters>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var counts = counters.Of("report", shadow);
            var stored = (await store.ReadAsync("report", "shadow:" + shadow, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 100_000, CancellationToken.None)).Count;
            if (counts.Sent + counts.Dropped == counts.Sampled && stored == counts.Sent)
            {
                return counts;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{stored} pairs of {shadow}: {counts}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Each_shadow_is_compared_with_the_primary_and_a_second_copy_of_the_primary_gives_the_noise_floor()
    {
        await using var server = await StartAsync();
        const int queries = 50;
        for (var i = 0; i < queries; i++)
        {
            var row = FormattableString.Invariant($"[[{i}, {i * 0.25}, 3, 4]]");
            using var response = await server.PostJsonAsync("/serving-endpoints/report/invocations",
                """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": """ + row + "}}");
            Assert.Equal("current", response.Headers.GetValues("served-model-name").Single());
        }

        var challengerCounts = await WaitForPairsAsync(server, "challenger");
        var copyCounts = await WaitForPairsAsync(server, "copy");
        Assert.Equal(queries, challengerCounts.Sampled);
        Assert.True(challengerCounts.Sent > 0 && copyCounts.Sent > 0, $"{challengerCounts} {copyCounts}");

        var shadows = (await server.GetOkJsonAsync($"{Path}/report/shadow-report"))["shadows"]!.AsArray();

        Assert.Equal(["challenger", "copy"], shadows.Select(s => (string)s!["served_entity_name"]!));
        var challenger = shadows[0]!;
        Assert.Equal(100.0, (double)challenger["sample_percentage"]!);
        Assert.Equal(challengerCounts.Sent, (long)challenger["sent"]!);
        Assert.Equal(challengerCounts.Dropped, (long)challenger["dropped"]!);
        var comparison = challenger["comparison"]!;
        Assert.Equal(challengerCounts.Sent, (long)comparison["pairs"]!);
        Assert.Equal(0.0, (double)comparison["exact_match_rate"]!);
        Assert.True((double)comparison["numeric"]!["abs_delta_p50"]! > 0);
        Assert.Equal(0.0, (double)comparison["error_rate"]!["candidate"]!);
        Assert.NotNull(comparison["latency_ms"]!["delta_mean"]);

        // The copy answers as the primary does: its agreement is the floor a real difference must clear.
        var noise = challenger["noise_floor"]!;
        Assert.Equal(copyCounts.Sent, (long)noise["pairs"]!);
        Assert.Equal(1.0, (double)noise["exact_match_rate"]!);
        Assert.Equal(0.0, (double)noise["numeric"]!["abs_delta_p99"]!);
        var copy = shadows[1]!;
        Assert.Null(copy["noise_floor"]);
        Assert.Equal(noise.ToJsonString(), copy["comparison"]!.ToJsonString());

        // A window before the first pair holds none; the same window twice answers the same bytes.
        var early = await server.GetOkJsonAsync($"{Path}/report/shadow-report?start_time_ms=0&end_time_ms=1");
        Assert.Equal(0, (int)early["shadows"]![0]!["comparison"]!["pairs"]!);
        Assert.Null(early["shadows"]![0]!["comparison"]!["exact_match_rate"]);
        var all = $"{Path}/report/shadow-report?start_time_ms=0&end_time_ms={DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds()}";
        Assert.Equal((await server.GetOkJsonAsync(all)).ToJsonString(), (await server.GetOkJsonAsync(all)).ToJsonString());
    }

    [Fact]
    public async Task Bad_times_unknown_endpoints_and_callers_without_can_view_are_refused_and_no_shadow_is_an_empty_list()
    {
        await using var server = await StartAsync();
        foreach (var (query, field) in new[]
        {
            ("start_time_ms=10&end_time_ms=10", "start_time_ms"),
            ("start_time_ms=-1", "start_time_ms"),
            ("end_time_ms=soon", "end_time_ms"),
            ("start_time_ms=1.5", "start_time_ms"),
        })
        {
            var message = await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Path}/report/shadow-report?{query}"), 400, "INVALID_PARAMETER_VALUE");
            Assert.True(message.StartsWith(field, StringComparison.Ordinal), $"{query} → {message}");
        }

        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Path}/missing/shadow-report"), 404, "RESOURCE_DOES_NOT_EXIST");
        var (_, strangerToken) = await server.CreateUserWithTokenAsync("stranger@example.com");
        await ApiAssert.ErrorAsync(await server.ClientFor(strangerToken).GetAsync($"{Path}/report/shadow-report"), 403, "PERMISSION_DENIED");

        await ApiAssert.OkJsonAsync(await server.PostJsonAsync(Path, """
            {"name": "plain", "config": {"served_entities": [{"name": "only", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}]}}
            """));
        Assert.Empty((await server.GetOkJsonAsync($"{Path}/plain/shadow-report"))["shadows"]!.AsArray());
    }
}
