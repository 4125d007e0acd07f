using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>The endpoint store, the same tests on SQLite and on PostgreSQL.</summary>
public sealed class EndpointStoreSuiteTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Endpoints_are_created_read_saved_listed_and_deleted(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlEndpointStore(db.Database);
        await store.CreateAsync(Endpoint("b-endpoint", "id-b"), default);
        await store.CreateAsync(Endpoint("a-endpoint", "id-a"), default);

        var duplicate = await Assert.ThrowsAsync<ServingException>(() => store.CreateAsync(Endpoint("a-endpoint", "id-other"), default));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, duplicate.Code);

        await store.SaveAsync(Endpoint("a-endpoint", "id-a") with { Creator = "later" }, default);
        var reopened = new SqlEndpointStore(db.Reopen());
        Assert.Equal("later", (await reopened.GetAsync("a-endpoint", default))!.Creator);
        Assert.Equal("b-endpoint", (await reopened.GetByIdAsync("id-b", default))!.Name);
        Assert.Equal(["a-endpoint", "b-endpoint"], (await reopened.ListAsync(default)).Select(e => e.Name));

        Assert.True(await reopened.DeleteAsync("a-endpoint", default));
        Assert.False(await reopened.DeleteAsync("a-endpoint", default));
        Assert.Null(await store.GetAsync("a-endpoint", default));
        var missing = await Assert.ThrowsAsync<ServingException>(() => store.SaveAsync(Endpoint("a-endpoint", "id-a"), default));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
    }

    /// <summary>Two replicas that read the same row and both save it: the second save is refused, not lost over the first.</summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_save_from_a_row_someone_else_wrote_since_is_refused(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var one = new SqlEndpointStore(db.Database);
        var other = new SqlEndpointStore(db.Reopen());
        await one.CreateAsync(Endpoint("shared", "id-s"), default);

        var readByOne = (await one.GetAsync("shared", default))!;
        var readByOther = (await other.GetAsync("shared", default))!;
        Assert.Equal(1, readByOne.RowVersion);

        var saved = await one.SaveAsync(readByOne with { Creator = "one" }, default);
        Assert.Equal(2, saved.RowVersion);
        var moved = await Assert.ThrowsAsync<EndpointMovedException>(() => other.SaveAsync(readByOther with { Creator = "other" }, default));
        Assert.Equal("shared", moved.Name);

        var stored = (await other.GetAsync("shared", default))!;
        Assert.Equal(("one", 2L), (stored.Creator, stored.RowVersion));
        Assert.Equal(3, (await other.SaveAsync(stored with { Creator = "other" }, default)).RowVersion);
    }

    /// <summary>Replicas that start together all migrate the same schema; each part is created once and recorded once.</summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Replicas_starting_at_once_migrate_the_schema_once(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var handles = Enumerable.Range(0, 4).Select(_ => db.Reopen()).ToList();
        await Task.WhenAll(handles.Select(handle => Task.Run(() =>
        {
            _ = new SqlEndpointStore(handle);
            _ = new SqlUsageStore(handle);
            _ = new SqlRegistryStore(handle);
        })));

        await using var connection = await db.Database.OpenAsync(default);
        await using var query = Switchyard.Storage.Sql.DbCommands.Create(connection, null, "SELECT part, version FROM schema_versions ORDER BY part");
        await using var reader = await query.ExecuteReaderAsync();
        var versions = new List<string>();
        while (await reader.ReadAsync())
        {
            versions.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
        }

        Assert.Equal(["registry=1", "serving_endpoints=2", "usage=1"], versions);
    }

    private static ServingEndpoint Endpoint(string name, string id) => new(
        id, name, "admin", 1, 2, new EndpointConfig(1, [], [], null), null, null, ConfigUpdateState.NotUpdating, null, new JsonObject(), []);
}
