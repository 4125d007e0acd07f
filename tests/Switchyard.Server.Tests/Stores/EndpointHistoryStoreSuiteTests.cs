using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>The config history and endpoint event stores, the same tests on SQLite and on PostgreSQL.</summary>
public sealed class EndpointHistoryStoreSuiteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Config_history_keeps_one_entry_per_version_newest_first(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlConfigHistoryStore(db.Database);
        for (var version = 1; version <= 3; version++)
        {
            await store.SaveAsync(Entry("id-a", version, reason: version == 2 ? null : $"change {version}"), None);
        }

        // Saving a version again replaces it, as the SQLite REPLACE did.
        await store.SaveAsync(Entry("id-a", 3, reason: "rewritten"), None);
        await store.SaveAsync(Entry("id-b", 1, reason: null), None);

        var history = await store.ReadAsync("id-a", 2, None);
        Assert.Equal([3L, 2L], history.Select(e => e.ConfigVersion));
        Assert.Equal("rewritten", history[0].Reason);
        Assert.Null(history[1].Reason);
        Assert.Equal("[{\"op\":\"add\"}]", history[0].Diff.ToJsonString());
        Assert.Equal(3, history[0].Config.ConfigVersion);
        Assert.Equal("ana", (await store.FindAsync("id-a", 1, None))!.Author);
        Assert.Null(await store.FindAsync("id-a", 9, None));

        await store.DeleteEndpointAsync("id-a", None);
        Assert.Empty(await store.ReadAsync("id-a", 10, None));
        Assert.Single(await store.ReadAsync("id-b", 10, None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Events_read_newest_first_and_are_trimmed_per_endpoint(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlEndpointEventStore(db.Database);
        await store.AppendAsync(
        [
            new EndpointEvent("id-a", 10, EndpointEventType.EndpointCreated, "created", Actor: "ana"),
            new EndpointEvent("id-a", 20, EndpointEventType.ConfigVersionCreated, "v2", ConfigVersion: 2),
            new EndpointEvent("id-a", 20, EndpointEventType.StateChanged, "ready", ServedEntityName: "current"),
            new EndpointEvent("id-b", 15, EndpointEventType.EndpointCreated, "created"),
        ], keepPerEndpoint: 10, None);

        var events = await store.ReadAsync("id-a", 10, None);
        Assert.Equal(["ready", "v2", "created"], events.Select(e => e.Message));
        Assert.Equal(new EndpointEvent("id-a", 20, EndpointEventType.ConfigVersionCreated, "v2", ConfigVersion: 2), events[1]);
        Assert.Equal("current", events[0].ServedEntityName);
        Assert.Equal("ana", events[2].Actor);

        await store.AppendAsync([new EndpointEvent("id-a", 30, EndpointEventType.TagsChanged, "tags")], keepPerEndpoint: 2, None);
        Assert.Equal(["tags", "ready"], (await store.ReadAsync("id-a", 10, None)).Select(e => e.Message));
        Assert.Single(await store.ReadAsync("id-b", 10, None));

        await store.DeleteEndpointAsync("id-a", None);
        Assert.Empty(await store.ReadAsync("id-a", 10, None));
    }

    private static ConfigHistoryEntry Entry(string endpointId, long version, string? reason) => new(
        endpointId, version, "ana", 1000 + version, reason, new EndpointConfig(version, [], [], null), [new JsonObject { ["op"] = "add" }]);
}
