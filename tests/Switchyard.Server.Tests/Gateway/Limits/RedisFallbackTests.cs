using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>
/// With <c>--redis</c>, rate limits are counted in Redis; when Redis goes away, queries keep being
/// answered under this replica's own counts, and every fallback is counted on the
/// <c>switchyard.limit.redis_fallbacks</c> instrument.
/// </summary>
[Collection(RedisFallbackCounter.Name)]
public sealed class RedisFallbackTests
{
    [Fact]
    public async Task When_redis_goes_away_queries_flow_under_the_replicas_own_limits_and_each_fallback_is_counted()
    {
        using var redis = RedisServer.Start();
        await using var server = await ServerUnderTest.StartAsync("--redis", redis.Configuration);
        await server.RegisterSampleModelsAsync();
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "rl-redis", "ai_gateway": {"rate_limits": [{"calls": 5, "key": "endpoint", "renewal_period": "minute"}]},
             "config": {"served_entities": [{"entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}]}}
            """));
        await server.WaitUntilReadyAsync("rl-redis");
        var fallbacks = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Switchyard" && instrument.Name == "switchyard.limit.redis_fallbacks")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref fallbacks, value));
        listener.Start();
        if (DateTime.UtcNow.Second > 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - DateTime.UtcNow.Second));
        }

        // Counted in Redis: three of the five.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await QueryAsync(server));
        }

        Assert.Equal(0, Interlocked.Read(ref fallbacks));
        redis.Stop();

        // Redis gone: this replica counts alone from zero, so five more are answered and the sixth refused.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await QueryAsync(server));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(6, Interlocked.Read(ref fallbacks));
    }

    private static async Task<HttpStatusCode> QueryAsync(ServerUnderTest server)
    {
        using var answer = await server.Client.PostAsync("/serving-endpoints/rl-redis/invocations",
            new StringContent(MissionScenario.QueryBody, Encoding.UTF8, "application/json"));
        return answer.StatusCode;
    }
}

/// <summary>
/// The tests that make Redis fall back share one process-wide counter
/// (<c>switchyard.limit.redis_fallbacks</c>), which one of them counts exactly: they run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RedisFallbackCounter
{
    public const string Name = "Redis fallback counter";
}
