using Switchyard.Core.Identity;

namespace Switchyard.Core.Permissions;

/// <summary>
/// Who may do what on one endpoint: its creator and admins manage it; everyone else has the
/// highest level granted to them or to one of their groups, and no access without a grant.
/// </summary>
public sealed record EndpointAccess(string Creator, IReadOnlyList<AccessControlEntry> Entries)
{
    public PermissionLevel LevelFor(CallerIdentity caller)
    {
        if (caller.IsAdmin || caller.Name == Creator)
        {
            return PermissionLevel.CanManage;
        }

        var level = PermissionLevel.None;
        foreach (var entry in Entries)
        {
            if (entry.Level > level && Names(caller, entry))
            {
                level = entry.Level;
            }
        }

        return level;
    }

    private static bool Names(CallerIdentity caller, AccessControlEntry entry) => entry.PrincipalType switch
    {
        AclPrincipalType.Group => caller.Groups.Contains(entry.PrincipalName),
        AclPrincipalType.ServicePrincipal => caller.Kind == PrincipalKind.ServicePrincipal && caller.Name == entry.PrincipalName,
        _ => caller.Kind == PrincipalKind.User && caller.Name == entry.PrincipalName,
    };
}
