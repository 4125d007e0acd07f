using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;

namespace Switchyard.Server.Tests.Serving;

/// <summary>
/// An endpoint's answers come from one snapshot of its state: whatever a rollout is doing, a GET
/// or a list never shows the config of one moment beside the update state of another.
/// </summary>
public sealed class SnapshotConsistencyTests
{
    [Fact]
    public async Task GetAndList_DuringRollouts_AlwaysShowOneMoment()
    {
        var gated = new GatedRuntime();
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(gated));
        await MissionScenario.RegisterSamplesAsync(server);
        await MissionScenario.RegisterAsync(server, "slow", GatedRuntime.WriteModel(Path.Combine(server.DataDir + "-samples", "slow"), RepoPaths.SampleModel("model-b")));
        await OwnerTestKit.CreateAsync(server, "flip", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA));
        await MissionScenario.WaitForUpdateAsync(server, "flip");

        using var stop = new CancellationTokenSource();
        var seen = 0;
        var pollers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                AssertOneMoment(await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/flip")));
                var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints"));
                Assert.Single(list["endpoints"]!.AsArray());
                Interlocked.Increment(ref seen);
            }
        })).ToArray();

        // Held at the gate, the rollout stays under way: the serving config and the pending one show side by side.
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/flip/config", OwnerTestKit.SingleEntityConfig("current", "catalog.schema.slow")));
        var during = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/flip"));
        AssertOneMoment(during);
        Assert.Equal("IN_PROGRESS", (string?)during["state"]!["config_update"]);
        Assert.Equal("DEPLOYMENT_CREATING", (string?)during["pending_config"]!["served_entities"]![0]!["state"]!["deployment"]);
        gated.Open();
        await MissionScenario.WaitForUpdateAsync(server, "flip");

        // Each update replaces the entity (a real load), so each commit swaps the live route.
        for (var round = 0; round < 6; round++)
        {
            var model = round % 2 == 0 ? MissionScenario.ModelA : MissionScenario.ModelB;
            await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/flip/config", OwnerTestKit.SingleEntityConfig("current", model)));
            await MissionScenario.WaitForUpdateAsync(server, "flip");
        }

        await stop.CancelAsync();
        await Task.WhenAll(pollers);
        var final = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/flip"));
        Assert.Equal(8, (int)final["config"]!["config_version"]!);
        Assert.True(seen > 0);
    }

    /// <summary>
    /// What one moment of this test's endpoint looks like: the serving config serves (its entities
    /// deployed, the endpoint ready), and a pending config is shown exactly while an update is under
    /// way or failed, one version above the serving one.
    /// </summary>
    private static void AssertOneMoment(JsonObject answer)
    {
        var what = answer.ToJsonString();
        var update = (string?)answer["state"]!["config_update"];
        var config = answer["config"]!;
        var pending = answer["pending_config"];
        Assert.True(update == "NOT_UPDATING" ? pending is null : pending is not null, what);
        if (pending is not null)
        {
            Assert.True((long)pending["config_version"]! == (long)config["config_version"]! + 1, what);
        }

        Assert.True((string?)answer["state"]!["ready"] == "READY", what);
        foreach (var entity in config["served_entities"]!.AsArray())
        {
            Assert.True((string?)entity!["state"]!["deployment"] == "DEPLOYMENT_READY", what);
        }
    }
}
