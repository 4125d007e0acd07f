using Switchyard.Core.Secrets;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>The secret store (scopes, ACLs, sealed values), the same tests on SQLite and on PostgreSQL.</summary>
public sealed class SecretStoreSuiteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Scopes_acls_and_values_round_trip_and_go_with_their_scope(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlSecretStore(db.Database);
        Assert.True(await store.CreateScopeAsync(new SecretScope("team", "ana", 10), [new SecretAclEntry("ana", SecretPermission.Manage)], None));
        Assert.True(await store.CreateScopeAsync(new SecretScope("Alpha", "bo", 11), [], None));
        Assert.False(await store.CreateScopeAsync(new SecretScope("team", "bo", 12), [], None));
        Assert.Equal(new SecretScope("team", "ana", 10), await store.GetScopeAsync("team", None));
        Assert.Equal(["Alpha", "team"], (await store.ListScopesAsync(None)).Select(s => s.Name));

        Assert.True(await store.PutAclAsync("team", new SecretAclEntry("bo", SecretPermission.Read), None));
        Assert.True(await store.PutAclAsync("team", new SecretAclEntry("bo", SecretPermission.Write), None));
        Assert.False(await store.PutAclAsync("nowhere", new SecretAclEntry("bo", SecretPermission.Read), None));
        Assert.Equal([new SecretAclEntry("ana", SecretPermission.Manage), new SecretAclEntry("bo", SecretPermission.Write)],
            await store.ListAclAsync("team", None));
        Assert.True(await store.DeleteAclAsync("team", "bo", None));
        Assert.False(await store.DeleteAclAsync("team", "bo", None));

        var sealedValue = new SealedSecret([1, 2, 0, 255], [7, 7], [9]);
        Assert.True(await store.PutSecretAsync("team", "db-password", sealedValue, 100, None));
        Assert.True(await store.PutSecretAsync("team", "api-key", new SealedSecret([5], [6], [7]), 101, None));
        Assert.True(await store.PutSecretAsync("team", "api-key", new SealedSecret([8], [6], [7]), 102, None));
        Assert.False(await store.PutSecretAsync("nowhere", "k", sealedValue, 100, None));
        var read = await store.GetSecretAsync("team", "db-password", None);
        Assert.Equal(sealedValue.Ciphertext, read!.Ciphertext);
        Assert.Equal(sealedValue.Nonce, read.Nonce);
        Assert.Equal(sealedValue.Tag, read.Tag);
        Assert.Equal(new byte[] { 8 }, (await store.GetSecretAsync("team", "api-key", None))!.Ciphertext);
        Assert.Equal([new SecretMetadata("api-key", 102), new SecretMetadata("db-password", 100)], await store.ListSecretsAsync("team", None));
        Assert.True(await store.DeleteSecretAsync("team", "api-key", None));
        Assert.False(await store.DeleteSecretAsync("team", "api-key", None));

        Assert.True(await store.DeleteScopeAsync("team", None));
        Assert.False(await store.DeleteScopeAsync("team", None));
        Assert.Null(await store.GetSecretAsync("team", "db-password", None));
        Assert.Empty(await store.ListAclAsync("team", None));
        Assert.True(await store.CreateScopeAsync(new SecretScope("team", "carol", 20), [], None));
        Assert.Empty(await store.ListSecretsAsync("team", None));
    }
}
