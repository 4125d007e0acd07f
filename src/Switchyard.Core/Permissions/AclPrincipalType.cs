namespace Switchyard.Core.Permissions;

/// <summary>What an ACL entry names: a user by user name, a group by name, a service principal by application id.</summary>
public enum AclPrincipalType
{
    User,
    Group,
    ServicePrincipal,
}
