using Switchyard.Core.Identity;

namespace Switchyard.Core.Secrets;

/// <summary>
/// Secret values for the server's own use (an external provider's key, say); never for an API
/// answer. Access follows the scope's ACL for the principal the value is resolved for: an
/// endpoint's config is resolved for its creator.
/// </summary>
public interface ISecretResolver
{
    /// <summary>
    /// Checks that <paramref name="reference"/> names an existing secret that
    /// <paramref name="principal"/> may read; answers null when it does, else a message naming
    /// the reference and the fault (never a value).
    /// </summary>
    Task<string?> CheckAsync(SecretReference reference, CallerIdentity principal, CancellationToken ct);

    /// <summary>The secret's value, or null when it is missing or <paramref name="principal"/> may not read it.</summary>
    Task<string?> ResolveAsync(SecretReference reference, CallerIdentity principal, CancellationToken ct);
}
