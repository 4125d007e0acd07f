using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;
using Switchyard.Server.Secrets;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Secrets;

/// <summary>
/// Databricks' scope rules for callers other than the local administrator, checked on the service
/// the routes call (over HTTP once tokens exist).
/// </summary>
public sealed class SecretServicePermissionTests
{
    private static readonly CallerIdentity Owner = Person("owner@example.com");
    private static readonly CallerIdentity Reader = Person("reader@example.com", "readers");
    private static readonly CallerIdentity Writer = Person("writer@example.com");
    private static readonly CallerIdentity Stranger = Person("stranger@example.com");
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Creator_GetsManage_AndOthersSeeNothing()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("owner@example.com", "reader@example.com", "writer@example.com", "stranger@example.com", "readers");
        var service = server.Services.GetRequiredService<SecretService>();

        await service.CreateScopeAsync("team", null, null, Owner, None);

        Assert.Equal(SecretPermission.Manage, await service.PermissionOfAsync("team", Owner, None));
        Assert.Equal(["team"], (await service.ListScopesAsync(Owner, None)).Select(static s => s.Name));
        Assert.Empty(await service.ListScopesAsync(Stranger, None));
        await DeniedAsync(() => service.ListSecretsAsync("team", Stranger, None));
    }

    [Fact]
    public async Task EachLevel_AllowsItsOperationsOnly()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("owner@example.com", "reader@example.com", "writer@example.com", "stranger@example.com", "readers");
        var service = server.Services.GetRequiredService<SecretService>();
        await service.CreateScopeAsync("team", null, null, Owner, None);
        await service.PutAclAsync("team", new SecretAclEntry("readers", SecretPermission.Read), Owner, None);
        await service.PutAclAsync("team", new SecretAclEntry(Writer.Name, SecretPermission.Write), Owner, None);

        // READ (through a group): list keys, nothing more.
        Assert.Equal(["team"], (await service.ListScopesAsync(Reader, None)).Select(static s => s.Name));
        Assert.Empty(await service.ListSecretsAsync("team", Reader, None));
        await DeniedAsync(() => service.PutSecretAsync("team", "k", Value(), Reader, None));
        await DeniedAsync(() => service.ListAclAsync("team", Reader, None));

        // WRITE: put and delete secrets, but no ACL change and no scope delete.
        await service.PutSecretAsync("team", "k", Value(), Writer, None);
        await service.DeleteSecretAsync("team", "k", Writer, None);
        await DeniedAsync(() => service.PutAclAsync("team", new SecretAclEntry(Writer.Name, SecretPermission.Manage), Writer, None));
        await DeniedAsync(() => service.DeleteScopeAsync("team", Writer, None));

        // MANAGE: the ACL and the scope itself.
        Assert.Equal(3, (await service.ListAclAsync("team", Owner, None)).Count);
        await service.DeleteScopeAsync("team", Owner, None);
        Assert.Null(await service.PermissionOfAsync("team", Owner, None));
    }

    [Fact]
    public async Task PutSecret_WipesTheCallersValue()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("owner@example.com", "reader@example.com", "writer@example.com", "stranger@example.com", "readers");
        var service = server.Services.GetRequiredService<SecretService>();
        await service.CreateScopeAsync("team", null, null, Owner, None);
        var value = Value();

        await service.PutSecretAsync("team", "k", value, Owner, None);

        Assert.All(value, static b => Assert.Equal(0, b));
    }

    private static async Task DeniedAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<ServingException>(call);
        Assert.Equal(ErrorCode.PermissionDenied, error.Code);
    }

    private static byte[] Value() => Encoding.UTF8.GetBytes("value");

    private static CallerIdentity Person(string name, params string[] groups) =>
        new(name, PrincipalKind.User, name, name, new HashSet<string>(groups));
}
