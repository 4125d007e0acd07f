using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;

namespace Switchyard.Server.Tests.Serving;

/// <summary>Config updates racing each other: the endpoint's owner takes one, and the others hear that one is under way.</summary>
public sealed class ConcurrentUpdateTests
{
    [Fact]
    public async Task UpdateConfig_SentTogether_OneIsAcceptedTheOthersAre409()
    {
        var gated = new GatedRuntime();
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(gated));
        await MissionScenario.RegisterSamplesAsync(server);
        await MissionScenario.RegisterAsync(server, "slow", GatedRuntime.WriteModel(Path.Combine(server.DataDir + "-samples", "slow"), RepoPaths.SampleModel("model-b")));
        await OwnerTestKit.CreateAsync(server, "race", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA));
        await MissionScenario.WaitForUpdateAsync(server, "race");

        // Every update serves the slow model, which waits at the gate: whichever wins stays
        // IN_PROGRESS while the others arrive. Each names its entity differently, to tell the winner.
        var configs = Enumerable.Range(0, 6).Select(i => OwnerTestKit.SingleEntityConfig($"slow-{i}", "catalog.schema.slow")).ToArray();
        using var start = new SemaphoreSlim(0);
        var updates = configs.Select(config => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await server.PutJsonAsync("/api/2.0/serving-endpoints/race/config", config);
        })).ToArray();
        start.Release(configs.Length);
        var responses = await Task.WhenAll(updates);

        var accepted = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var acceptedAnswer = await ApiAssert.OkJsonAsync(accepted);
        Assert.Equal(2, (int)acceptedAnswer["pending_config"]!["config_version"]!);
        foreach (var refused in responses.Where(r => r != accepted))
        {
            var message = await ApiAssert.ErrorAsync(refused, 409, "RESOURCE_CONFLICT");
            Assert.Contains("already being updated to config version 2", message, StringComparison.Ordinal);
        }

        gated.Open();
        var done = await MissionScenario.WaitForUpdateAsync(server, "race");
        Assert.Equal("NOT_UPDATING", (string?)done["state"]!["config_update"]);
        Assert.Equal(2, (int)done["config"]!["config_version"]!);
        var servedName = (string)acceptedAnswer["pending_config"]!["served_entities"]![0]!["name"]!;
        Assert.Equal(servedName, (string?)done["config"]!["served_entities"]![0]!["name"]);
    }
}
