using Switchyard.Core.Errors;
using Switchyard.Core.Identity;

namespace Switchyard.Server.Identity;

/// <summary>Mints personal access tokens: the value goes to the caller once, the store keeps its hash.</summary>
public sealed class TokenIssuer(IIdentityStore store, TimeProvider time)
{
    /// <summary>A century: longer lifetimes are surely mistakes, and would overflow the millisecond clock.</summary>
    public const long MaxLifetimeSeconds = 100L * 365 * 24 * 3600;

    /// <summary>A new random token for <paramref name="ownerId"/>; a non-positive or absent lifetime never expires.</summary>
    public async Task<(string Value, ApiToken Token)> IssueAsync(
        string ownerId, string createdById, long? lifetimeSeconds, string? comment, CancellationToken ct)
    {
        var (value, tokenId, secretHash) = TokenFormat.Generate();
        var token = await StoreAsync(ownerId, createdById, tokenId, secretHash, lifetimeSeconds, comment, ct);
        return (value, token);
    }

    /// <summary>Stores a token whose value was chosen elsewhere (the operator's --admin-token).</summary>
    public Task<ApiToken> InstallAsync(string ownerId, string value, string? comment, CancellationToken ct) =>
        TokenFormat.TryParse(value, out var tokenId, out var secretHash)
            ? StoreAsync(ownerId, ownerId, tokenId, secretHash, null, comment, ct)
            : throw ServingException.Invalid("The supplied token is not of the form 'dapi' followed by 48 lower-case hex digits.");

    private async Task<ApiToken> StoreAsync(
        string ownerId, string createdById, string tokenId, byte[] secretHash, long? lifetimeSeconds, string? comment, CancellationToken ct)
    {
        if (lifetimeSeconds > MaxLifetimeSeconds)
        {
            throw ServingException.Invalid($"lifetime_seconds must be at most {MaxLifetimeSeconds} (a century); leave it out for a token that never expires.");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long? expiry = lifetimeSeconds is > 0 and var seconds ? now + (seconds * 1000) : null;
        var token = new ApiToken(tokenId, ownerId, secretHash, comment, now, expiry, createdById);
        await store.CreateTokenAsync(token, ct);
        return token;
    }
}
