using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.ProvisionedThroughput;

/// <summary>
/// The band's ceiling over HTTP: the whole server runs on a fake clock, eight queries saturate a
/// 100 tokens/s entity, and the tokens answered never outrun max × the clock's time.
/// </summary>
public sealed class BandCeilingTests
{
    [Fact]
    public async Task SaturatedEndpoint_AnswersNoMoreTokensThanMaxTimesTime()
    {
        using var folder = new TempFolder();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        await FoundationModels.RegisterTinyAsync(server, folder.Path);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "capped", "config": {"served_entities": [{"entity_name": "system.ai.tiny", "entity_version": "1",
              "min_provisioned_throughput": 0, "max_provisioned_throughput": 100}]}}
            """));
        await MissionScenario.WaitForUpdateAsync(server, "capped", TimeSpan.FromMinutes(2));
        var start = clock.GetTimestamp();

        var queries = Enumerable.Range(0, 8).Select(i => server.PostJsonAsync("/serving-endpoints/capped/invocations",
            $$"""{"prompt": "Item {{i}}", "max_tokens": 60, "temperature": 0.9, "seed": {{i}}}""")).ToArray();
        var all = Task.WhenAll(queries);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!all.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the saturated queries did not finish");
            clock.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(2);
        }

        var produced = 0;
        foreach (var response in await all)
        {
            produced += (int)(await ApiAssert.OkJsonAsync(response))["usage"]!["completion_tokens"]!;
        }

        var fakeSeconds = clock.GetElapsedTime(start).TotalSeconds;
        Assert.True(produced > 200, $"only {produced} tokens");
        Assert.True(produced <= 100 * fakeSeconds * 1.02, $"{produced} tokens in {fakeSeconds:F2} fake seconds at a 100 tokens/s ceiling");
    }
}
