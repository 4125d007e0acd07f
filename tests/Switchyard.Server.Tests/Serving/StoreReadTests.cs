using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Endpoints;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Serving;

/// <summary>
/// The endpoint store is read at start-up only: every read afterwards (GET, list, the permissions
/// API, logs, metrics, queries, even the answer for an unknown endpoint) comes from the owners'
/// snapshots, and every change writes the store without reading it back. On PostgreSQL the rows are
/// read once more when the replica's LISTEN connection is in place (what changed before it listened),
/// and afterwards only when another replica announces a change, which no one does here.
/// </summary>
public sealed class StoreReadTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task EndpointStore_AfterStartUp_IsNeverRead(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        string[] args = db.Setting is { } setting ? ["--database", setting] : [];
        CountingEndpointStore? store = null;
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IEndpointStore>(sp =>
            store = new CountingEndpointStore(new SqlEndpointStore(sp.GetRequiredService<SqlDatabase>()))), args);
        var reads = engine == TestDatabase.Postgres ? 2 : 1;
        await UntilReadsAsync(() => store!.Reads, reads);

        await MissionScenario.RegisterSamplesAsync(server);
        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await OwnerTestKit.CreateAsync(server, "empty", config: null);
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        await UseEverythingAsync(server, (string)created["id"]!);
        Assert.Equal(reads, store!.Reads);

        await server.RestartAsync();
        await UntilReadsAsync(() => store.Reads, reads);
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        await UseEverythingAsync(server, (string)created["id"]!);
        Assert.Equal(reads, store.Reads);
    }

    /// <summary>Waits (up to 10 s) for the start-up reads to reach <paramref name="expected"/>, and fails if they pass it.</summary>
    private static async Task UntilReadsAsync(Func<int> reads, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (reads() < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(expected, reads());
    }

    /// <summary>Every endpoint route that reads, and the writes that once read the store back first.</summary>
    private static async Task UseEverythingAsync(ServerUnderTest server, string id)
    {
        const string Endpoint = "/api/2.0/serving-endpoints/multi-model";
        for (var i = 0; i < 5; i++)
        {
            await ApiAssert.OkJsonAsync(await server.Client.GetAsync(Endpoint));
            var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints"));
            Assert.Equal(["empty", "multi-model"], list["endpoints"]!.AsArray().Select(e => (string?)e!["name"]));
            await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/multi-model/invocations", MissionScenario.QueryBody));
        }

        await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/permissions/serving-endpoints/{id}"));
        await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/permissions/serving-endpoints/{id}/permissionLevels"));
        await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Endpoint}/served-models/current/build-logs"));
        await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Endpoint}/served-models/current/logs"));
        await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Endpoint}/openapi"));
        Assert.True((await server.Client.GetAsync($"{Endpoint}/metrics")).IsSuccessStatusCode);
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/serving-endpoints/nowhere/invocations", MissionScenario.QueryBody), 404, "ENDPOINT_NOT_FOUND");
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/serving-endpoints/empty/invocations", MissionScenario.QueryBody), 400, "BAD_REQUEST");

        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{Endpoint}/tags", """{"add_tags": [{"key": "team", "value": "risk"}]}"""));
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Endpoint}/ai-gateway", """{"fallback_config": {"enabled": true}}"""));
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{id}", """{"access_control_list": []}"""));
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Endpoint}/config", MissionScenario.UpdateTo5050));
        var updated = await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        Assert.Equal("NOT_UPDATING", (string?)updated["state"]!["config_update"]);
    }
}
