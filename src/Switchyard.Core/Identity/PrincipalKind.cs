namespace Switchyard.Core.Identity;

/// <summary>Who can hold a token: a person, or a job's service principal.</summary>
public enum PrincipalKind
{
    User,
    ServicePrincipal,
}
