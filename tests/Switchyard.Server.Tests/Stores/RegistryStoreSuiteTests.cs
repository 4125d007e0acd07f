using Switchyard.Core.Errors;
using Switchyard.Core.Registry;
using Switchyard.Core.Runtimes;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>The registry and catalog stores, the same tests on SQLite and on PostgreSQL.</summary>
public sealed class RegistryStoreSuiteTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ModelName Fraud = new("main", "risk", "fraud");

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Models_are_created_listed_in_byte_order_renamed_and_deleted(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlRegistryStore(db.Database);
        foreach (var name in (string[])["beta", "Zeta", "alpha", "_under"])
        {
            await store.CreateModelAsync(new ModelName("main", "risk", name), name == "alpha" ? "first" : null, "ana", 10, None);
        }

        await store.CreateModelAsync(new ModelName("other", "s", "m"), null, "ana", 10, None);
        var duplicate = await Assert.ThrowsAsync<ServingException>(() => store.CreateModelAsync(new ModelName("main", "risk", "beta"), null, "bo", 11, None));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, duplicate.Code);

        // Byte order, as SQLite sorts: upper case before '_' before lower case.
        Assert.Equal(["Zeta", "_under", "alpha", "beta"], (await store.ListModelsAsync("main", "risk", None)).Select(m => m.Name.Name));
        Assert.Equal(5, (await store.ListModelsAsync(null, null, None)).Count);
        Assert.Single(await store.ListModelsAsync("other", null, None));

        var renamed = await store.UpdateModelAsync(new ModelName("main", "risk", "alpha"), new ModelName("main", "risk", "gamma"), null, "carol", "bo", 20, None);
        Assert.Equal(("gamma", "first", "carol", 20L, "bo"), (renamed.Name.Name, renamed.Comment, renamed.Owner, renamed.UpdatedAt, renamed.UpdatedBy));
        var taken = await Assert.ThrowsAsync<ServingException>(() =>
            store.UpdateModelAsync(new ModelName("main", "risk", "gamma"), new ModelName("main", "risk", "beta"), null, null, "bo", 21, None));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, taken.Code);
        Assert.Null(await store.GetModelAsync(new ModelName("main", "risk", "alpha"), None));
        Assert.Equal("ana", (await store.GetModelAsync(new ModelName("main", "risk", "gamma"), None))!.CreatedBy);

        await store.DeleteModelAsync(new ModelName("main", "risk", "gamma"), None);
        var gone = await Assert.ThrowsAsync<ServingException>(() => store.DeleteModelAsync(new ModelName("main", "risk", "gamma"), None));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, gone.Code);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Versions_count_up_never_reuse_a_number_and_carry_their_aliases(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlRegistryStore(db.Database);
        await store.CreateModelAsync(Fraud, null, "ana", 1, None);
        var first = await store.AddVersionAsync(Draft("v1"), None);
        var second = await store.AddVersionAsync(Draft("v2"), None);
        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.Equal("v2", await store.DeleteVersionAsync(Fraud, 2, None));
        var details = new FoundationModelDetails("llama", "llama", "tiny", 2048, 1_000_000, "Q4_0", 64, 2, 4, 4, 0, 0, 32000, "gpt2", null, "m.gguf");
        Assert.Equal(3, (await store.AddVersionAsync(Draft("v3") with { Details = details }, None)).Version);

        await store.SetAliasAsync(Fraud, "champion", 1, None);
        await store.SetAliasAsync(Fraud, "champion", 3, None);
        await store.SetAliasAsync(Fraud, "challenger", 1, None);
        var missing = await Assert.ThrowsAsync<ServingException>(() => store.SetAliasAsync(Fraud, "ghost", 2, None));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);

        Assert.Equal(3, (await store.GetVersionByAliasAsync(Fraud, "champion", None))!.Version);
        var versions = await store.ListVersionsAsync(Fraud, None);
        Assert.Equal([1, 3], versions.Select(v => v.Version));
        Assert.Equal(["challenger"], versions[0].Aliases);
        Assert.Equal(Draft("v1").Signature.Inputs[0].Shape, versions[0].Signature.Inputs[0].Shape);
        Assert.Equal(details, versions[1].Details);
        Assert.Equal([new ModelAlias("challenger", 1), new ModelAlias("champion", 3)], (await store.GetModelAsync(Fraud, None))!.Aliases);

        var updated = await store.UpdateVersionAsync(Fraud, 3, "better", "bo", 50, None);
        Assert.Equal(("better", 50L, "bo"), (updated.Comment, updated.UpdatedAt, updated.UpdatedBy));
        Assert.Equal(["v1", "v3"], (await store.ListStorageLocationsAsync(None)).Order(StringComparer.Ordinal));

        await store.DeleteAliasAsync(Fraud, "champion", None);
        Assert.Null(await store.GetVersionByAliasAsync(Fraud, "champion", None));
        await Assert.ThrowsAsync<ServingException>(() => store.DeleteAliasAsync(Fraud, "champion", None));
        Assert.Null(await store.GetVersionAsync(Fraud, 2, None));

        // Deleting the model takes its versions and aliases along, and names their folders.
        Assert.Equal(["v1", "v3"], (await store.DeleteModelAsync(Fraud, None)).Order(StringComparer.Ordinal));
        Assert.Empty(await store.ListStorageLocationsAsync(None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Versions_added_at_once_from_two_replicas_get_distinct_numbers(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlRegistryStore(db.Database);
        var other = new SqlRegistryStore(db.Reopen());
        await store.CreateModelAsync(Fraud, null, "ana", 1, None);

        var added = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => (i % 2 == 0 ? store : other).AddVersionAsync(Draft($"folder-{i}"), None))));

        Assert.Equal(Enumerable.Range(1, 10), added.Select(v => v.Version).Order());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Catalogs_and_schemas_are_created_listed_and_deleted_only_when_empty(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var catalogs = new SqlCatalogStore(db.Database);
        var registry = new SqlRegistryStore(db.Database);
        await catalogs.CreateCatalogAsync("main", "the main one", "ana", 5, None);
        await catalogs.CreateCatalogAsync("Archive", null, "ana", 5, None);
        Assert.Equal(ErrorCode.ResourceAlreadyExists,
            (await Assert.ThrowsAsync<ServingException>(() => catalogs.CreateCatalogAsync("main", null, "bo", 6, None))).Code);
        Assert.Equal(["Archive", "main"], (await catalogs.ListCatalogsAsync(None)).Select(c => c.Name));
        Assert.Equal("the main one", (await catalogs.GetCatalogAsync("main", None))!.Comment);

        await catalogs.CreateSchemaAsync("main", "risk", null, "ana", 7, None);
        await catalogs.CreateSchemaAsync("Archive", "old", "kept", "ana", 7, None);
        Assert.Equal(ErrorCode.ResourceDoesNotExist,
            (await Assert.ThrowsAsync<ServingException>(() => catalogs.CreateSchemaAsync("nowhere", "s", null, "ana", 7, None))).Code);
        Assert.Equal(ErrorCode.ResourceAlreadyExists,
            (await Assert.ThrowsAsync<ServingException>(() => catalogs.CreateSchemaAsync("main", "risk", null, "ana", 7, None))).Code);
        Assert.Equal(["Archive.old", "main.risk"], (await catalogs.ListSchemasAsync(null, None)).Select(s => $"{s.CatalogName}.{s.Name}"));
        Assert.Equal(["risk"], (await catalogs.ListSchemasAsync("main", None)).Select(s => s.Name));
        Assert.Equal("kept", (await catalogs.GetSchemaAsync("Archive", "old", None))!.Comment);

        await registry.CreateModelAsync(Fraud, null, "ana", 8, None);
        Assert.Equal(ErrorCode.InvalidParameterValue,
            (await Assert.ThrowsAsync<ServingException>(() => catalogs.DeleteSchemaAsync("main", "risk", None))).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue,
            (await Assert.ThrowsAsync<ServingException>(() => catalogs.DeleteCatalogAsync("main", None))).Code);
        await registry.DeleteModelAsync(Fraud, None);
        await catalogs.DeleteSchemaAsync("main", "risk", None);
        await catalogs.DeleteCatalogAsync("main", None);
        Assert.Equal(ErrorCode.ResourceDoesNotExist,
            (await Assert.ThrowsAsync<ServingException>(() => catalogs.DeleteCatalogAsync("main", None))).Code);
        Assert.Null(await catalogs.GetCatalogAsync("main", None));
    }

    private static ModelVersion Draft(string folder) => new(
        Fraud, 0, "upload", folder, "onnx",
        new ModelSignature([new SignatureField("x", "float", [-1, 2])], [new SignatureField(null, "float")]),
        "a comment", 100, "ana", 100, "ana", []);
}
