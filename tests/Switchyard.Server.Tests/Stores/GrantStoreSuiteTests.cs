using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>The model grant and securable grant stores, the same tests on SQLite and on PostgreSQL.</summary>
public sealed class GrantStoreSuiteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Model_grants_are_added_once_removed_renamed_and_deleted(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlModelGrantStore(db.Database);
        var fraud = new ModelName("main", "risk", "fraud");
        var other = new ModelName("main", "risk", "other");
        await store.UpdateAsync(fraud, [new GrantChange("bo", ["EXECUTE", "APPLY_TAG"], []), new GrantChange("Ana", ["EXECUTE"], [])], None);
        await store.UpdateAsync(fraud, [new GrantChange("bo", ["EXECUTE"], ["APPLY_TAG"])], None);
        await store.UpdateAsync(other, [new GrantChange("bo", ["EXECUTE"], [])], None);

        var grants = await store.ListAsync(fraud, None);
        Assert.Equal(["Ana", "bo"], grants.Keys);
        Assert.Equal(["EXECUTE"], grants["bo"]);

        var renamed = new ModelName("main", "risk", "fraud2");
        await store.RenameAsync(fraud, renamed, None);
        Assert.Empty(await store.ListAsync(fraud, None));
        Assert.Equal(2, (await store.ListAsync(renamed, None)).Count);

        await store.DeleteAllAsync(renamed, None);
        Assert.Empty(await store.ListAsync(renamed, None));
        Assert.Single(await store.ListAsync(other, None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Securable_grants_keep_catalogs_and_schemas_apart(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlSecurableGrantStore(db.Database);
        var catalog = Securable.OfCatalog("main");
        var schema = Securable.OfSchema("main", "risk");
        await store.UpdateAsync(catalog, [new GrantChange("bo", ["USE_CATALOG", "USE_CATALOG"], [])], None);
        await store.UpdateAsync(schema, [new GrantChange("bo", ["USE_SCHEMA", "CREATE_MODEL"], []), new GrantChange("ana", ["USE_SCHEMA"], [])], None);
        await store.UpdateAsync(schema, [new GrantChange("ana", [], ["USE_SCHEMA"])], None);

        Assert.Equal(["USE_CATALOG"], (await store.ListAsync(catalog, None))["bo"]);
        var onSchema = await store.ListAsync(schema, None);
        Assert.Equal(["bo"], onSchema.Keys);
        Assert.Equal(["CREATE_MODEL", "USE_SCHEMA"], onSchema["bo"]);

        await store.DeleteAllAsync(schema, None);
        Assert.Empty(await store.ListAsync(schema, None));
        Assert.Single(await store.ListAsync(catalog, None));
    }
}
