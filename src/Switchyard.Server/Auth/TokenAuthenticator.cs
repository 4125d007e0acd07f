using System.Collections.Concurrent;
using System.Security.Cryptography;
using Switchyard.Core.Identity;

namespace Switchyard.Server.Auth;

/// <summary>
/// Checks a token against the identity store and remembers the outcome, so that a warm token
/// costs a dictionary read and a hash compare, never a database read. An entry is trusted only
/// while the store's change count is the one it was built at: any change to tokens, principals
/// or memberships makes every entry reload on its next use (one process owns the store).
/// </summary>
public sealed class TokenAuthenticator(IIdentityStore store, TimeProvider time)
{
    // Keyed by token id; only ids that exist in the store get an entry, so guessing cannot grow it.
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Decides from the cache alone, allocating nothing: true with the caller (or null for a refused
    /// token), false when the token is not cached or its entry is stale and the store must be asked.
    /// </summary>
    public bool TryAuthenticateCached(ReadOnlySpan<char> token, out CallerIdentity? identity)
    {
        identity = null;
        Span<byte> secretHash = stackalloc byte[TokenFormat.HashLength];
        if (!TokenFormat.TrySplit(token, out var tokenId, secretHash))
        {
            return true;
        }

        if (_entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(tokenId, out var entry) && entry.ChangeCount == store.ChangeCount)
        {
            identity = Check(entry, secretHash);
            return true;
        }

        return false;
    }

    /// <summary>The caller a token stands for, or null when it is malformed, unknown, deleted, expired or its owner is inactive.</summary>
    public ValueTask<CallerIdentity?> AuthenticateAsync(string token, CancellationToken ct)
    {
        if (!TokenFormat.TryParse(token, out var tokenId, out var secretHash))
        {
            return ValueTask.FromResult<CallerIdentity?>(null);
        }

        var changeCount = store.ChangeCount;
        if (_entries.TryGetValue(tokenId, out var entry) && entry.ChangeCount == changeCount)
        {
            return ValueTask.FromResult(Check(entry, secretHash));
        }

        return LoadAsync(tokenId, secretHash, changeCount, ct);
    }

    private async ValueTask<CallerIdentity?> LoadAsync(string tokenId, byte[] secretHash, long changeCount, CancellationToken ct)
    {
        // The count was read before the store: a change racing this load leaves the entry stale, never wrongly fresh.
        var token = await store.GetTokenAsync(tokenId, ct);
        if (token is null)
        {
            _entries.TryRemove(tokenId, out _);
            return null;
        }

        var principal = await store.GetPrincipalAsync(token.PrincipalId, ct);
        CallerIdentity? identity = null;
        if (principal is { Active: true })
        {
            var groups = await store.GroupsOfAsync(principal.Id, ct);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in groups)
            {
                names.Add(group.DisplayName);
            }

            identity = new CallerIdentity(principal.Id, principal.Kind, principal.Name, principal.DisplayName, names);
        }

        var entry = new Entry(token.SecretHash, identity, token.ExpiryTime, changeCount);
        _entries[tokenId] = entry;
        return Check(entry, secretHash);
    }

    private CallerIdentity? Check(Entry entry, ReadOnlySpan<byte> secretHash)
    {
        if (!CryptographicOperations.FixedTimeEquals(entry.SecretHash, secretHash))
        {
            return null;
        }

        return entry.ExpiryTime is { } expiry && time.GetUtcNow().ToUnixTimeMilliseconds() >= expiry ? null : entry.Identity;
    }

    private sealed record Entry(byte[] SecretHash, CallerIdentity? Identity, long? ExpiryTime, long ChangeCount);
}
