using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Registry;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>
/// Writers on two handles of one database (two replicas) that check then write: SQLite serialises
/// them, PostgreSQL lets them interleave; on both, each loser gets the API's error, never a raw
/// database error, and the tables stay consistent.
/// </summary>
public sealed class ConcurrentWriterSuiteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task One_of_many_replicas_creating_the_same_user_wins(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var replicas = new[] { new SqlIdentityStore(db.Database), new SqlIdentityStore(db.Reopen()) };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await replicas[i % 2].CreatePrincipalAsync(PrincipalKind.User, "ana@example.com", $"Ana {i}", true, None);
                return "created";
            }
            catch (ServingException refused)
            {
                return refused.Code.ToString();
            }
        })));

        Assert.Single(outcomes, o => o == "created");
        Assert.All(outcomes.Where(o => o != "created"), o => Assert.Equal(nameof(ErrorCode.ResourceAlreadyExists), o));
        Assert.Single(await replicas[1].ListPrincipalsAsync(PrincipalKind.User, None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_model_deleted_while_another_replica_adds_versions_leaves_no_orphan(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var adder = new SqlRegistryStore(db.Database);
        var deleter = new SqlRegistryStore(db.Reopen());
        var name = new ModelName("main", "risk", "fraud");
        for (var round = 0; round < 5; round++)
        {
            await adder.CreateModelAsync(name, null, "ana", 1, None);
            var adds = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
            {
                try
                {
                    await adder.AddVersionAsync(Version(name, $"r{round}-v{i}"), None);
                }
                catch (ServingException refused) when (refused.Code == ErrorCode.ResourceDoesNotExist)
                {
                    // Added after the delete: the model is gone, as the API says.
                }
            }));
            var delete = Task.Run(() => deleter.DeleteModelAsync(name, None));
            await Task.WhenAll([.. adds, delete]);

            Assert.Null(await adder.GetModelAsync(name, None));
            Assert.Empty(await adder.ListStorageLocationsAsync(None));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_catalog_deleted_while_another_replica_creates_a_schema_in_it_ends_one_way_or_the_other(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var creator = new SqlCatalogStore(db.Database);
        var deleter = new SqlCatalogStore(db.Reopen());
        for (var round = 0; round < 5; round++)
        {
            await creator.CreateCatalogAsync("main", null, "ana", 1, None);
            var create = Outcome(() => creator.CreateSchemaAsync("main", "risk", null, "ana", 2, None));
            var delete = Outcome(() => deleter.DeleteCatalogAsync("main", None));
            var (created, deleted) = (await create, await delete);

            // Either the schema came first and the catalog is kept (not empty), or the delete came first and the schema was refused.
            Assert.True((created, deleted) is ("ok", nameof(ErrorCode.InvalidParameterValue)) or (nameof(ErrorCode.ResourceDoesNotExist), "ok"),
                $"create: {created}, delete: {deleted}");
            if (created == "ok")
            {
                await creator.DeleteSchemaAsync("main", "risk", None);
                await creator.DeleteCatalogAsync("main", None);
            }

            Assert.Empty(await creator.ListCatalogsAsync(None));
        }
    }

    private static Task<string> Outcome(Func<Task> write) => Task.Run(async () =>
    {
        try
        {
            await write();
            return "ok";
        }
        catch (ServingException refused)
        {
            return refused.Code.ToString();
        }
    });

    private static ModelVersion Version(ModelName name, string folder) => new(
        name, 0, "upload", folder, "onnx", new Switchyard.Core.Runtimes.ModelSignature([], []), null, 1, "ana", 1, "ana", []);
}
