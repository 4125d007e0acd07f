namespace Switchyard.Core.Secrets;

/// <summary>
/// Scopes, their ACLs and their sealed values. A store never sees a plaintext value; it keeps
/// what it is given. Missing things are answered as null or false, never thrown, except where
/// noted.
/// </summary>
public interface ISecretStore
{
    /// <summary>Creates the scope with its first ACL entries; false when the name is taken.</summary>
    Task<bool> CreateScopeAsync(SecretScope scope, IReadOnlyList<SecretAclEntry> acl, CancellationToken ct);

    Task<SecretScope?> GetScopeAsync(string scope, CancellationToken ct);

    Task<IReadOnlyList<SecretScope>> ListScopesAsync(CancellationToken ct);

    /// <summary>Deletes the scope with its secrets and ACL; false when there was none.</summary>
    Task<bool> DeleteScopeAsync(string scope, CancellationToken ct);

    Task<IReadOnlyList<SecretAclEntry>> ListAclAsync(string scope, CancellationToken ct);

    /// <summary>Adds or replaces the principal's entry; false when the scope is missing.</summary>
    Task<bool> PutAclAsync(string scope, SecretAclEntry entry, CancellationToken ct);

    Task<bool> DeleteAclAsync(string scope, string principal, CancellationToken ct);

    /// <summary>Adds or replaces the value; false when the scope is missing.</summary>
    Task<bool> PutSecretAsync(string scope, string key, SealedSecret value, long lastUpdated, CancellationToken ct);

    Task<SealedSecret?> GetSecretAsync(string scope, string key, CancellationToken ct);

    Task<IReadOnlyList<SecretMetadata>> ListSecretsAsync(string scope, CancellationToken ct);

    Task<bool> DeleteSecretAsync(string scope, string key, CancellationToken ct);
}
