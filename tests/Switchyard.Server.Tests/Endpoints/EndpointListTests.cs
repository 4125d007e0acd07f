using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Serving;
using Switchyard.Testing;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// The list is kept whole between changes (<c>EndpointListAnswer</c>): every kind of change shows in
/// the next list, and callers who may view different endpoints each get their own.
/// </summary>
public sealed class EndpointListTests
{
    private const string Path = "/api/2.0/serving-endpoints";

    [Fact]
    public async Task EveryChange_ShowsInTheNextList()
    {
        var gated = new GatedRuntime();
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(gated));
        await MissionScenario.RegisterSamplesAsync(server);
        await MissionScenario.RegisterAsync(server, "slow", GatedRuntime.WriteModel(System.IO.Path.Combine(server.DataDir + "-samples", "slow"), RepoPaths.SampleModel("model-b")));

        // Deploying: not ready; the same list twice is the same bytes, with their length.
        await OwnerTestKit.CreateAsync(server, "listed", OwnerTestKit.SingleEntityConfig("first", "catalog.schema.slow"));
        var deploying = await ListAsync(server.Client);
        Assert.Equal(["listed"], Names(deploying));
        Assert.Equal("NOT_READY", (string?)deploying[0]!["state"]!["ready"]);
        using (var again = await server.Client.GetAsync(Path))
        {
            Assert.Equal(again.Content.Headers.ContentLength, (await again.Content.ReadAsByteArrayAsync()).Length);
        }

        // The first deployment ends: ready.
        gated.Open();
        await MissionScenario.WaitForUpdateAsync(server, "listed");
        Assert.Equal("READY", (string?)(await ListAsync(server.Client))[0]!["state"]!["ready"]);

        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{Path}/listed/tags", """{"add_tags": [{"key": "team", "value": "risk"}]}"""));
        Assert.Equal("""[{"key":"team","value":"risk"}]""", (await ListAsync(server.Client))[0]!["tags"]!.ToJsonString());

        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Path}/listed/config", OwnerTestKit.SingleEntityConfig("second", MissionScenario.ModelA)));
        await MissionScenario.WaitForUpdateAsync(server, "listed");
        Assert.Equal("second", (string?)(await ListAsync(server.Client))[0]!["config"]!["served_entities"]![0]!["name"]);

        await OwnerTestKit.CreateAsync(server, "another", OwnerTestKit.SingleEntityConfig("only", MissionScenario.ModelA));
        Assert.Equal(["another", "listed"], Names(await ListAsync(server.Client)));

        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"{Path}/listed"));
        Assert.Equal(["another"], Names(await ListAsync(server.Client)));
    }

    [Fact]
    public async Task CallersWhoViewDifferentEndpoints_EachGetTheirOwnList_InTurn()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await OwnerTestKit.CreateAsync(server, "open", OwnerTestKit.SingleEntityConfig("a", MissionScenario.ModelA));
        await OwnerTestKit.CreateAsync(server, "private", OwnerTestKit.SingleEntityConfig("a", MissionScenario.ModelA));
        var (_, token) = await server.CreateUserWithTokenAsync("viewer@example.com");
        var openId = (string)(await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Path}/open")))["id"]!;
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{openId}",
            """{"access_control_list": [{"user_name": "viewer@example.com", "permission_level": "CAN_VIEW"}]}"""));
        var viewer = server.ClientFor(token);

        for (var turn = 0; turn < 2; turn++)
        {
            Assert.Equal(["open", "private"], Names(await ListAsync(server.Client)));
            Assert.Equal(["open"], Names(await ListAsync(viewer)));
        }
    }

    private static async Task<JsonArray> ListAsync(HttpClient client) =>
        (await ApiAssert.OkJsonAsync(await client.GetAsync(Path)))["endpoints"]!.AsArray();

    private static string[] Names(JsonArray endpoints) => [.. endpoints.Select(e => (string)e!["name"]!)];
}
