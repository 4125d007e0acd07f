using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Serving;
using Switchyard.Testing;

namespace Switchyard.Server.Tests.Hosting;

/// <summary>
/// The probes: /health/live answers while the process does; /health/ready waits for every
/// endpoint's serving config to be loaded on this replica (after a restart, until its models have
/// loaded), and neither needs a token.
/// </summary>
public sealed class HealthRouteTests
{
    [Fact]
    public async Task Ready_waits_until_the_restored_endpoints_have_loaded_and_neither_probe_needs_a_token()
    {
        var gated = new GatedRuntime();
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(_ => gated));
        await MissionScenario.RegisterAsync(server, "held", GatedRuntime.WriteModel(Path.Combine(server.DataDir + "-samples", "held"), RepoPaths.SampleModel("model-a")));
        await OwnerTestKit.CreateAsync(server, "held", OwnerTestKit.SingleEntityConfig("main", "catalog.schema.held"));
        var anonymous = server.AnonymousClient();
        // Created, its first config still loading: nothing is served yet, so nothing holds the replica back.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        gated.Open();
        await MissionScenario.WaitForUpdateAsync(server, "held");

        gated = new GatedRuntime();
        await server.RestartAsync();
        anonymous = server.AnonymousClient();
        Assert.Equal("""{"status":"live"}""", await (await anonymous.GetAsync("/health/live")).Content.ReadAsStringAsync());
        var waiting = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
        Assert.Equal("""{"status":"loading","waiting_for":["held"]}""", await waiting.Content.ReadAsStringAsync());

        gated.Open();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpResponseMessage ready;
        while ((ready = await anonymous.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, await ready.Content.ReadAsStringAsync());
            await Task.Delay(20);
        }

        Assert.Equal("ready", (string)JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["status"]!);
    }
}
