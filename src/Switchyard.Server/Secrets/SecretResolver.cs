using System.Security.Cryptography;
using System.Text;
using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;

namespace Switchyard.Server.Secrets;

/// <summary>
/// Resolves <c>{{secrets/scope/key}}</c> for the server's own use, on behalf of a principal (an
/// endpoint's creator): the scope's ACL applies as it would to that principal's own calls. The
/// existence of a key is told only to principals who may read its scope.
/// </summary>
public sealed partial class SecretResolver(ISecretStore store, SecretCipher cipher, ILogger<SecretResolver> logger) : ISecretResolver
{
    public async Task<string?> CheckAsync(SecretReference reference, CallerIdentity principal, CancellationToken ct) =>
        (await LookUpAsync(reference, principal, ct)).Fault;

    public async Task<string?> ResolveAsync(SecretReference reference, CallerIdentity principal, CancellationToken ct)
    {
        if (await LookUpAsync(reference, principal, ct) is not (null, { } sealedValue))
        {
            return null;
        }

        var plaintext = cipher.TryOpen(reference.Scope, reference.Key, sealedValue);
        if (plaintext is null)
        {
            Log.Unopenable(logger, reference.Scope, reference.Key);
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    // The checks run in this order so that a principal who may not read a scope learns nothing of its keys.
    private async Task<(string? Fault, SealedSecret? Value)> LookUpAsync(SecretReference reference, CallerIdentity principal, CancellationToken ct)
    {
        if (!SecretNames.IsValidScope(reference.Scope) || !SecretNames.IsValidKey(reference.Key))
        {
            return ($"secret {reference} is not a valid reference", null);
        }

        if (await store.GetScopeAsync(reference.Scope, ct) is null)
        {
            return ($"secret {reference} does not exist: there is no secret scope '{reference.Scope}'", null);
        }

        if (SecretAccess.PermissionOf(principal, await store.ListAclAsync(reference.Scope, ct)) < SecretPermission.Read)
        {
            return ($"secret {reference} is out of reach: '{principal.Name}' may not read scope '{reference.Scope}'", null);
        }

        return await store.GetSecretAsync(reference.Scope, reference.Key, ct) is { } value
            ? (null, value)
            : ($"secret {reference} does not exist", null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "Secret {Scope}/{Key} does not open with the current secrets key (was the key replaced?); it resolves to nothing")]
        public static partial void Unopenable(ILogger logger, string scope, string key);
    }
}
