namespace Switchyard.Core.Permissions;

/// <summary>
/// Privileges granted on catalogs and schemas, to principals named as ACLs name them (a user
/// name, a group name or a service principal's application id).
/// </summary>
public interface ISecurableGrantStore
{
    /// <summary>Principal to its privileges on the securable, principals in order.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(Securable securable, CancellationToken ct);

    /// <summary>Applies every change in one transaction.</summary>
    Task UpdateAsync(Securable securable, IReadOnlyList<GrantChange> changes, CancellationToken ct);

    Task DeleteAllAsync(Securable securable, CancellationToken ct);
}
