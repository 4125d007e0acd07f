namespace Switchyard.Core.Identity;

/// <summary>
/// The authenticated caller of one request: the principal its token belongs to and the groups
/// it is a member of. <see cref="Name"/> is what ACLs name it by: the user name of a user, the
/// application id of a service principal.
/// </summary>
public sealed record CallerIdentity(string PrincipalId, PrincipalKind Kind, string Name, string DisplayName, IReadOnlySet<string> Groups)
{
    /// <summary>The workspace administrators' group; its members manage everything.</summary>
    public const string AdminsGroup = "admins";

    public bool IsAdmin => Groups.Contains(AdminsGroup);
}
