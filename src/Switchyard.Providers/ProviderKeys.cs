using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;

namespace Switchyard.Providers;

/// <summary>
/// Reads the key fields of one provider config block: a <c>{{secrets/scope/key}}</c> reference,
/// resolved with the rights of the config's creator, or its <c>_plaintext</c> twin, which a
/// stored config holds sealed (opened here with <paramref name="sealer"/>; a bare string is taken
/// as is, as a config built in memory has it). A reference that cannot be read fails with a
/// message naming it, never a value.
/// </summary>
public sealed class ProviderKeys(ISecretResolver secrets, IIdentityStore identities, string creator, ProviderKeySealer? sealer = null)
{
    private CallerIdentity? _creator;

    /// <summary>The key <paramref name="field"/> of <paramref name="block"/>; null when neither it nor its twin is given.</summary>
    public async Task<string?> OptionalAsync(JsonObject block, string field, string path, CancellationToken ct)
    {
        var twin = field + ProviderKeySealer.PlaintextSuffix;
        if (ProviderKeySealer.IsSealed(block[twin]))
        {
            return sealer?.TryOpen(twin, block[twin]) is { Length: > 0 } opened
                ? opened
                : throw new ServingException(ErrorCode.InvalidParameterValue,
                    $"{path}.{twin} does not open with this server's secrets key (was the key file replaced?); give the key again.");
        }

        if (TextOf(block, twin) is { Length: > 0 } plaintext)
        {
            return plaintext;
        }

        if (TextOf(block, field) is not { } text)
        {
            return null;
        }

        if (!SecretReference.TryParse(text, out var reference))
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"{path}.{field} must be a secret reference {{{{secrets/<scope>/<key>}}}}; put a literal key in {field}_plaintext.");
        }

        var principal = await CreatorAsync(reference, ct);
        if (await secrets.ResolveAsync(reference, principal, ct) is { } value)
        {
            return value;
        }

        var fault = await secrets.CheckAsync(reference, principal, ct) ?? $"secret {reference} could not be read";
        throw new ServingException(ErrorCode.InvalidParameterValue, $"{path}.{field}: {fault}.");
    }

    /// <summary>The key <paramref name="field"/> of <paramref name="block"/>, which must be given.</summary>
    public async Task<string> RequiredAsync(JsonObject block, string field, string path, CancellationToken ct) =>
        await OptionalAsync(block, field, path, ct)
        ?? throw new ServingException(ErrorCode.InvalidParameterValue,
            $"{path}.{field} is required: a secret reference {{{{secrets/<scope>/<key>}}}} (or {field}_plaintext).");

    /// <summary>A plain (non-secret) string field, or null.</summary>
    public static string? TextOf(JsonObject block, string field) =>
        block[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private async Task<CallerIdentity> CreatorAsync(SecretReference reference, CancellationToken ct)
    {
        if (_creator is not null)
        {
            return _creator;
        }

        // The creator is stored by name: a user's name or a service principal's application id.
        var principal = await identities.FindPrincipalAsync(PrincipalKind.User, creator, ct)
            ?? await identities.FindPrincipalAsync(PrincipalKind.ServicePrincipal, creator, ct)
            ?? throw new ServingException(ErrorCode.InvalidParameterValue,
                $"secret {reference} cannot be read: the config's creator '{creator}' no longer exists.");
        var groups = await identities.GroupsOfAsync(principal.Id, ct);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            names.Add(group.DisplayName);
        }

        return _creator = new CallerIdentity(principal.Id, principal.Kind, principal.Name, principal.DisplayName, names);
    }
}
