using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchyard.Providers;

namespace Switchyard.Server.Tests.Experiments.Rollouts;

/// <summary>
/// The server on a fake clock with <see cref="BehaviourProvider"/>: endpoints of a baseline
/// <c>current</c> (answers well) at 100% and a candidate <c>next</c> at 0% that behaves as a test
/// says. The clock drives only the rollout controller (and other timers); latencies are real.
/// </summary>
public sealed class RolloutHost : IAsyncDisposable
{
    public const string Chat = """{"messages": [{"role": "user", "content": "ping"}]}""";

    private RolloutHost(ServerUnderTest server, FakeTimeProvider clock)
    {
        Server = server;
        Clock = clock;
    }

    public ServerUnderTest Server { get; }

    public FakeTimeProvider Clock { get; }

    public static async Task<RolloutHost> StartAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", CultureInfo.InvariantCulture));
        var server = await ServerUnderTest.StartAsync(services => services.AddExternalProvider<BehaviourProvider>().AddSingleton<TimeProvider>(clock));
        return new RolloutHost(server, clock);
    }

    /// <summary>Creates <paramref name="name"/> with current (ok) at 100% and next (<paramref name="candidate"/>) at 0%, and waits until it serves.</summary>
    public async Task CreateAsync(string name, string candidate = "ok")
    {
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", $$$"""
            {"name": "{{{name}}}", "config": {
              "served_entities": [{{{Entity("current", "ok")}}}, {{{Entity("next", candidate)}}}],
              "traffic_config": {"routes": [{"served_entity_name": "current", "traffic_percentage": 100},
                                            {"served_entity_name": "next", "traffic_percentage": 0}]} } }
            """));
        await Server.WaitUntilReadyAsync(name);
    }

    public static string Entity(string name, string behaviour) => $$$"""
        {"name": "{{{name}}}", "external_model": {"name": "{{{name}}}-model", "provider": "behaviour", "task": "llm/v1/chat",
         "behaviour_config": {"behaviour": "{{{behaviour}}}"} } }
        """;

    public Task<HttpResponseMessage> StartRolloutAsync(string name, string body) =>
        Server.PostJsonAsync($"/api/2.0/serving-endpoints/{name}/rollout", body);

    public async Task<JsonObject> RolloutAsync(string name) =>
        await ApiAssert.OkJsonAsync(await Server.Client.GetAsync($"/api/2.0/serving-endpoints/{name}/rollout"));

    /// <summary>
    /// Queries <paramref name="times"/> times one after another once the endpoint is not updating (a
    /// step's config just written is still deploying, and queries sent meanwhile would all reach the
    /// serving config); answers how many each served entity answered.
    /// </summary>
    public async Task<Dictionary<string, int>> QueryAsync(string name, int times)
    {
        await WaitNotUpdatingAsync(name);
        var served = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < times; i++)
        {
            using var answer = await Server.Client.PostAsync($"/serving-endpoints/{name}/invocations", new StringContent(Chat, Encoding.UTF8, "application/json"));
            var entity = answer.Headers.TryGetValues("served-model-name", out var values) ? values.Single() : "?";
            served[entity] = served.GetValueOrDefault(entity) + 1;
        }

        return served;
    }

    /// <summary>
    /// Moves the clock on by <paramref name="seconds"/> once the endpoint is not updating (the
    /// controller skips a look while a step's config deploys), then waits until the rollout has
    /// looked: until <paramref name="until"/> holds of it.
    /// </summary>
    public async Task<JsonObject> AdvanceAsync(string name, int seconds, Func<JsonObject, bool> until)
    {
        await WaitNotUpdatingAsync(name);
        Clock.Advance(TimeSpan.FromSeconds(seconds));
        return await WaitForAsync(name, until);
    }

    /// <summary>Waits (real time, at most 30 s) until the rollout satisfies <paramref name="until"/>; fails showing the last state otherwise.</summary>
    public async Task<JsonObject> WaitForAsync(string name, Func<JsonObject, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rollout = await RolloutAsync(name);
            if (until(rollout))
            {
                return rollout;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The rollout did not get there: {rollout.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    public async Task WaitNotUpdatingAsync(string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var endpoint = await ApiAssert.OkJsonAsync(await Server.Client.GetAsync($"/api/2.0/serving-endpoints/{name}"));
            if ((string?)endpoint["state"]?["config_update"] != "IN_PROGRESS")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The endpoint kept updating: {endpoint.ToJsonString()}");
            await Task.Delay(10);
        }
    }

    public async Task<JsonArray> HistoryAsync(string name) =>
        (await ApiAssert.OkJsonAsync(await Server.Client.GetAsync($"/api/2.0/serving-endpoints/{name}/config-history")))["configs"]!.AsArray();

    public async Task<JsonArray> EventsAsync(string name) =>
        (await ApiAssert.OkJsonAsync(await Server.Client.GetAsync($"/api/2.0/serving-endpoints/{name}/events")))["events"]!.AsArray();

    public static int Decisions(JsonObject rollout) => rollout["decisions"]!.AsArray().Count;

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
