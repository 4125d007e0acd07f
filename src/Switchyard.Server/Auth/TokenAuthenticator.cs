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

    /// <summary>The caller a token stands for, or null when it is unknown, deleted, expired or its owner is inactive.</summary>
    public ValueTask<CallerIdentity?> AuthenticateAsync(string tokenId, byte[] secretHash, CancellationToken ct)
    {
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

    private CallerIdentity? Check(Entry entry, byte[] secretHash)
    {
        if (!CryptographicOperations.FixedTimeEquals(entry.SecretHash, secretHash))
        {
            return null;
        }

        return entry.ExpiryTime is { } expiry && time.GetUtcNow().ToUnixTimeMilliseconds() >= expiry ? null : entry.Identity;
    }

    private sealed record Entry(byte[] SecretHash, CallerIdentity? Identity, long? ExpiryTime, long ChangeCount);
}
