using Switchyard.Core.Identity;

namespace Switchyard.Core.Secrets;

/// <summary>
/// Databricks' rule for secret scopes: administrators manage every scope; anyone else holds the
/// highest level among the entries naming them or one of their groups.
/// </summary>
public static class SecretAccess
{
    public static SecretPermission PermissionOf(CallerIdentity caller, IEnumerable<SecretAclEntry> acl)
    {
        if (caller.IsAdmin)
        {
            return SecretPermission.Manage;
        }

        var best = SecretPermission.None;
        foreach (var entry in acl)
        {
            if (entry.Permission > best && Names(caller, entry.Principal))
            {
                best = entry.Permission;
            }
        }

        return best;
    }

    // Principal names compare exactly, as the ACL stores them.
    private static bool Names(CallerIdentity caller, string principal) =>
        string.Equals(caller.Name, principal, StringComparison.Ordinal) || caller.Groups.Contains(principal);
}
