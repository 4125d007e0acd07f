using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>The identity store (principals, groups, tokens and their revocation), the same tests on SQLite and on PostgreSQL.</summary>
public sealed class IdentityStoreSuiteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Principals_are_created_found_listed_deactivated_and_deleted(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlIdentityStore(db.Database);
        var bo = await store.CreatePrincipalAsync(PrincipalKind.User, "bo@example.com", "Bo", active: true, None);
        var ana = await store.CreatePrincipalAsync(PrincipalKind.User, "Ana@example.com", "Ana", active: false, None);
        var robot = await store.CreatePrincipalAsync(PrincipalKind.ServicePrincipal, "app-1", "Robot", active: true, None);
        Assert.Equal(ErrorCode.ResourceAlreadyExists,
            (await Assert.ThrowsAsync<ServingException>(() => store.CreatePrincipalAsync(PrincipalKind.User, "bo@example.com", "Again", true, None))).Code);

        Assert.Equal(ana, await store.GetPrincipalAsync(ana.Id, None));
        Assert.Equal(robot, await store.FindPrincipalAsync(PrincipalKind.ServicePrincipal, "app-1", None));
        Assert.Equal([ana, bo], await store.ListPrincipalsAsync(PrincipalKind.User, None));
        Assert.True(await store.UserExistsAsync("bo@example.com", None));
        Assert.False(await store.UserExistsAsync("app-1", None));
        Assert.True(await store.ServicePrincipalExistsAsync("app-1", None));

        await store.SetActiveAsync(ana.Id, true, None);
        Assert.True((await store.GetPrincipalAsync(ana.Id, None))!.Active);
        await Assert.ThrowsAsync<ServingException>(() => store.SetActiveAsync("1234567890123456", false, None));

        Assert.True(await store.DeletePrincipalAsync(bo.Id, None));
        Assert.False(await store.DeletePrincipalAsync(bo.Id, None));
        Assert.Null(await store.GetPrincipalAsync(bo.Id, None));
        Assert.Null(await store.GetPrincipalAsync("not-a-number", None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Groups_hold_members_and_lose_them_with_the_principal(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlIdentityStore(db.Database);
        var ana = await store.CreatePrincipalAsync(PrincipalKind.User, "ana@example.com", "Ana", true, None);
        var bo = await store.CreatePrincipalAsync(PrincipalKind.User, "bo@example.com", "Bo", true, None);
        var risk = await store.CreateGroupAsync("risk", [ana.Id, ana.Id], None);
        var admins = await store.CreateGroupAsync("Admins", [], None);
        Assert.Equal(ErrorCode.ResourceAlreadyExists,
            (await Assert.ThrowsAsync<ServingException>(() => store.CreateGroupAsync("risk", [], None))).Code);
        Assert.Equal(ErrorCode.ResourceDoesNotExist,
            (await Assert.ThrowsAsync<ServingException>(() => store.CreateGroupAsync("ghosts", ["1234567890123456"], None))).Code);
        Assert.False(await store.GroupExistsAsync("ghosts", None));

        await store.AddMembersAsync(risk.Id, [bo.Id, ana.Id], None);
        await store.AddMembersAsync(admins.Id, [bo.Id], None);
        Assert.Equal(new[] { ana.Id, bo.Id }.Order(StringComparer.Ordinal), (await store.GetGroupAsync(risk.Id, None))!.MemberIds.Order(StringComparer.Ordinal));
        Assert.Equal(["Admins", "risk"], (await store.ListGroupsAsync(None)).Select(g => g.DisplayName));
        Assert.Equal(["Admins", "risk"], (await store.GroupsOfAsync(bo.Id, None)).Select(g => g.DisplayName));
        Assert.True(await store.GroupExistsAsync("Admins", None));

        await store.RemoveMembersAsync(risk.Id, [ana.Id], None);
        Assert.Equal([bo.Id], (await store.GetGroupAsync(risk.Id, None))!.MemberIds);
        await store.DeletePrincipalAsync(bo.Id, None);
        Assert.Empty((await store.GetGroupAsync(risk.Id, None))!.MemberIds);
        Assert.Equal(ErrorCode.ResourceDoesNotExist,
            (await Assert.ThrowsAsync<ServingException>(() => store.AddMembersAsync("1234567890123456", [ana.Id], None))).Code);

        Assert.True(await store.DeleteGroupAsync(admins.Id, None));
        Assert.Null(await store.GetGroupAsync(admins.Id, None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Tokens_are_stored_as_hashes_listed_revoked_and_go_with_their_owner(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlIdentityStore(db.Database);
        var ana = await store.CreatePrincipalAsync(PrincipalKind.User, "ana@example.com", "Ana", true, None);
        var bo = await store.CreatePrincipalAsync(PrincipalKind.User, "bo@example.com", "Bo", true, None);
        var first = new ApiToken("t-1", ana.Id, [1, 2, 3, 255], "ci", 100, null, ana.Id);
        var second = new ApiToken("t-2", bo.Id, [9], null, 200, 5000, ana.Id);
        await store.CreateTokenAsync(first, None);
        await store.CreateTokenAsync(second, None);
        Assert.Equal(ErrorCode.ResourceConflict,
            (await Assert.ThrowsAsync<ServingException>(() => store.CreateTokenAsync(first, None))).Code);
        Assert.Equal(ErrorCode.ResourceConflict,
            (await Assert.ThrowsAsync<ServingException>(() => store.CreateTokenAsync(first with { TokenId = "t-3", PrincipalId = "1234567890123456" }, None))).Code);

        var read = await store.GetTokenAsync("t-1", None);
        Assert.Equal(first.SecretHash, read!.SecretHash);
        Assert.Equal(first with { SecretHash = [] }, read with { SecretHash = [] });
        Assert.Equal(["t-1", "t-2"], (await store.ListTokensAsync(null, None)).Select(t => t.TokenId));
        Assert.Equal(second.ExpiryTime, (await store.ListTokensAsync(bo.Id, None)).Single().ExpiryTime);

        // Revocation is the row's delete; a replica reading afterwards finds nothing.
        var before = store.ChangeCount;
        Assert.True(await store.DeleteTokenAsync("t-1", None));
        Assert.True(store.ChangeCount > before);
        Assert.Null(await new SqlIdentityStore(db.Reopen()).GetTokenAsync("t-1", None));
        Assert.False(await store.DeleteTokenAsync("t-1", None));

        await store.DeletePrincipalAsync(bo.Id, None);
        Assert.Null(await store.GetTokenAsync("t-2", None));
    }
}
