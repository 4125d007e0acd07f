namespace Switchyard.Core.Identity;

/// <summary>Looks up principals by the names ACLs and grants use, to refuse grants to no one.</summary>
public interface IPrincipalDirectory
{
    Task<bool> UserExistsAsync(string userName, CancellationToken ct);

    Task<bool> GroupExistsAsync(string groupName, CancellationToken ct);

    Task<bool> ServicePrincipalExistsAsync(string applicationId, CancellationToken ct);
}
