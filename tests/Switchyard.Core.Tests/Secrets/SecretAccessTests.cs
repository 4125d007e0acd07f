using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;

namespace Switchyard.Core.Tests.Secrets;

public sealed class SecretAccessTests
{
    private static readonly SecretAclEntry[] Acl =
    [
        new("ana@example.com", SecretPermission.Read),
        new("data-scientists", SecretPermission.Write),
        new("users", SecretPermission.Read),
        new("app-1234", SecretPermission.Manage),
    ];

    [Fact]
    public void PermissionOf_NameAndGroups_TakesTheHighest()
    {
        var ana = Caller("ana@example.com", "users", "data-scientists");

        Assert.Equal(SecretPermission.Write, SecretAccess.PermissionOf(ana, Acl));
    }

    [Fact]
    public void PermissionOf_OnlyAGroupNamed_GroupLevel()
    {
        Assert.Equal(SecretPermission.Read, SecretAccess.PermissionOf(Caller("bob@example.com", "users"), Acl));
    }

    [Fact]
    public void PermissionOf_ServicePrincipalByApplicationId_ItsLevel()
    {
        var job = new CallerIdentity("sp-1", PrincipalKind.ServicePrincipal, "app-1234", "nightly job", new HashSet<string>());

        Assert.Equal(SecretPermission.Manage, SecretAccess.PermissionOf(job, Acl));
    }

    [Fact]
    public void PermissionOf_NoEntryNamesTheCaller_None()
    {
        Assert.Equal(SecretPermission.None, SecretAccess.PermissionOf(Caller("eve@example.com", "contractors"), Acl));
        Assert.Equal(SecretPermission.None, SecretAccess.PermissionOf(Caller("ANA@example.com"), Acl));
    }

    [Fact]
    public void PermissionOf_Admin_ManagesWithoutAnEntry()
    {
        Assert.Equal(SecretPermission.Manage, SecretAccess.PermissionOf(Caller("root@example.com", CallerIdentity.AdminsGroup), []));
    }

    [Fact]
    public void PermissionOf_AdminsGroupEntry_DoesNotLowerAnAdmin()
    {
        var admin = Caller("root@example.com", CallerIdentity.AdminsGroup);

        Assert.Equal(SecretPermission.Manage, SecretAccess.PermissionOf(admin, [new(CallerIdentity.AdminsGroup, SecretPermission.Read)]));
    }

    private static CallerIdentity Caller(string name, params string[] groups) =>
        new(name, PrincipalKind.User, name, name, new HashSet<string>(groups));
}
