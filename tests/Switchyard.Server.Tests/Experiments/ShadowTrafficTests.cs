using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchyard.Core.Experiments;
using Switchyard.Core.Runtimes;
using Switchyard.Providers;
using Switchyard.Server.Experiments;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;
using static Switchyard.Server.Tests.Experiments.ShadowHost;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>Shadow traffic over real HTTP: copies at the shadow's percentage, never its answer, pairs kept, drops counted.</summary>
public sealed class ShadowTrafficTests
{
    [Fact]
    public async Task AShadow_GetsCopiesAtItsPercentage_ItsAnswerIsNeverReturned_AndEachCopyMakesAPair()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await CreateAsync(server, """, "role": "shadow", "shadow_sample_percentage": 30""");

        const int queries = 600;
        var requestIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < queries; i++)
        {
            Assert.True(requestIds.Add(await QueryPrimaryAsync(server)));
        }

        // Each query is sampled independently with p = 0.3: the count is Binomial(600, 0.3), mean
        // 180, sd 11.2. ±5 sd fails a correct server with odds under 1 in 10^6, and a share of 25%
        // or 35% (30 away) most of the time.
        var decided = await WaitForDecidedAsync(server);
        var sd = Math.Sqrt(queries * 0.3 * 0.7);
        Assert.True(Math.Abs(decided.Sampled - (queries * 0.3)) <= 5 * sd, $"{decided.Sampled} of {queries} sampled");

        var pairs = await WaitForPairsAsync(server, (int)decided.Sent);
        Assert.Equal(decided.Sent, pairs.Count);
        Assert.Equal(pairs.Count, pairs.Select(p => p.RequestId).Distinct().Count());
        foreach (var pair in pairs)
        {
            Assert.Contains(pair.RequestId, requestIds);
            Assert.Equal((Endpoint, "shadow:challenger", "current", "challenger", 200, 200, 1L),
                (pair.EndpointName, pair.Source, pair.BaselineEntity, pair.CandidateEntity, pair.BaselineStatus, pair.CandidateStatus, pair.ConfigVersion));
            Assert.Equal(MissionScenario.Expected("current"), MissionScenario.PredictionOf(MissionScenario.Parse(pair.BaselineOutput)), 4);
            Assert.Equal(MissionScenario.Expected("challenger"), MissionScenario.PredictionOf(MissionScenario.Parse(pair.CandidateOutput)), 4);
            Assert.True(pair.BaselineLatencyMs > 0 && pair.CandidateLatencyMs > 0);
        }
    }

    [Fact]
    public async Task AQueryPinnedToTheShadow_IsAnsweredByIt_AndCopiedToNoOne()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await CreateAsync(server, """, "role": "shadow" """);

        using var pinned = await server.PostJsonAsync($"/serving-endpoints/{Endpoint}/served-models/challenger/invocations", MissionScenario.QueryBody);
        Assert.Equal(MissionScenario.Expected("challenger"), MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(pinned)), 4);
        Assert.Equal("challenger", pinned.Headers.GetValues("served-model-name").Single());

        // The default percentage is 100: the next primary query is copied, and it is the only copy.
        await QueryPrimaryAsync(server);
        Assert.Equal(new ShadowCount(1, 1, 0), await WaitForDecidedAsync(server));
        var pairs = await WaitForPairsAsync(server, 1);
        Assert.Single(pairs);
    }

    [Fact]
    public async Task ASaturatedShadow_IsDroppedAndCounted_WhileThePrimaryAnswersEveryQuery()
    {
        // The shadow's model holds every call until the test opens it: its 4 slots (Small) fill with
        // the first 4 copies, and every later copy finds no free slot.
        var gated = new GatedRuntime(gateScoring: true);
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(gated));
        await MissionScenario.RegisterSamplesAsync(server);
        await MissionScenario.RegisterAsync(server, "held", GatedRuntime.WriteModel(Path.Combine(server.DataDir + "-samples", "held"), RepoPaths.SampleModel("model-b")));
        await CreateAsync(server, """, "role": "shadow", "shadow_sample_percentage": 100""", "catalog.schema.held");

        const int queries = 20;
        for (var i = 0; i < queries; i++)
        {
            // Answered by the primary while the shadow holds its copies: the primary never waits for it.
            await QueryPrimaryAsync(server);
        }

        Assert.Equal(new ShadowCount(queries, 4, queries - 4), await WaitForDecidedAsync(server));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (gated.WaitingToScore < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {gated.WaitingToScore} copies reached the shadow");
            await Task.Delay(10);
        }

        gated.Open();
        var pairs = await WaitForPairsAsync(server, 4);
        Assert.Equal(4, pairs.Count);
        Assert.All(pairs, pair => Assert.Equal(MissionScenario.Expected("challenger"), MissionScenario.PredictionOf(MissionScenario.Parse(pair.CandidateOutput)), 4));
    }

    [Fact]
    public async Task AShadowCallOverTheRateLimit_IsDroppedAndCounted()
    {
        // A frozen clock: every call falls in one window. 3 calls a minute for the endpoint; each
        // copy counts as a call of the endpoint, as any call does.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-10T12:00:10Z", CultureInfo.InvariantCulture));
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        await MissionScenario.RegisterSamplesAsync(server);
        await CreateAsync(server, """, "role": "shadow" """,
            gateway: """ "ai_gateway": {"rate_limits": [{"calls": 3, "key": "endpoint", "renewal_period": "minute"}]}, """);

        await QueryPrimaryAsync(server);
        Assert.Equal(new ShadowCount(1, 1, 0), await WaitForDecidedAsync(server));
        await QueryPrimaryAsync(server);
        // The primary took the third call of the window: the copy is over the limit, dropped, never queued.
        Assert.Equal(new ShadowCount(2, 1, 1), await WaitForDecidedAsync(server));

        // The window is spent: the primary is refused, and a refused query is copied to no one.
        await ApiAssert.ErrorAsync(await server.PostJsonAsync($"/serving-endpoints/{Endpoint}/invocations", MissionScenario.QueryBody), 429, "REQUEST_LIMIT_EXCEEDED");
        clock.Advance(TimeSpan.FromMinutes(1));
        await QueryPrimaryAsync(server);
        Assert.Equal(new ShadowCount(3, 2, 1), await WaitForDecidedAsync(server));
        Assert.Equal(2, (await WaitForPairsAsync(server, 2)).Count);
    }

    [Fact]
    public async Task DeletingTheEndpoint_DeletesItsPairsAndCounts()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await CreateAsync(server, """, "role": "shadow" """);
        await QueryPrimaryAsync(server);
        await WaitForPairsAsync(server, 1);

        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"/api/2.0/serving-endpoints/{Endpoint}"));
        Assert.Empty(await ReadPairsAsync(server.Services.GetRequiredService<IOutputPairStore>()));
        Assert.Equal(default, Counts(server));
    }

    [Fact]
    public async Task AnLlmShadow_GetsTheChatCopy_AndItsPairHoldsBothAnswers()
    {
        await using var server = await ServerUnderTest.StartAsync(services => services.AddExternalProvider<Testing.Providers.EchoProvider>());
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", $$$$"""
            {"name": "{{{{Endpoint}}}}", "config": {"served_entities": [
              {"name": "current", "external_model": {"name": "echo-1", "provider": "echo", "task": "llm/v1/chat", "echo_config": {"greeting": "Hi"}}},
              {"name": "challenger", "role": "shadow", "external_model": {"name": "echo-2", "provider": "echo", "task": "llm/v1/chat", "echo_config": {"greeting": "Yo"}}}]}}
            """));
        await server.WaitUntilReadyAsync(Endpoint);

        foreach (var stream in new[] { false, true })
        {
            using var response = await server.Client.PostAsync($"/serving-endpoints/{Endpoint}/invocations", new StringContent(
                $$$"""{"messages": [{"role": "user", "content": "ping"}], "stream": {{{(stream ? "true" : "false")}}}}""", Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            Assert.Equal("current", response.Headers.GetValues("served-model-name").Single());
            Assert.Contains("Hi ping", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Yo", text, StringComparison.Ordinal);
        }

        var pairs = await WaitForPairsAsync(server, 2);
        Assert.All(pairs, pair =>
        {
            Assert.Contains("Hi ping", pair.BaselineOutput, StringComparison.Ordinal);
            Assert.Contains("Yo ping", pair.CandidateOutput, StringComparison.Ordinal);
            Assert.Equal((200, 200), (pair.BaselineStatus, pair.CandidateStatus));
        });
    }
}
