using System.Text.Json;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// Access tokens for one service account: a signed JWT exchanged at the key's <c>token_uri</c>,
/// kept until a minute before it expires, so one exchange serves many queries. Concurrent
/// callers share one exchange.
/// </summary>
internal sealed class VertexTokenSource(ServiceAccountKey key, ProviderHttp http, TimeProvider time) : IDisposable
{
    /// <summary>How long before expiry a token is replaced, so none expires in flight.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

    private readonly ProviderCall _call = new(GeminiWire.Provider, [key.PrivateKeyPem]);
    private readonly SemaphoreSlim _exchange = new(1, 1);
    // Token and its refresh time in one object, so a reader never pairs a token with another's expiry.
    private CachedToken? _cached;

    public async ValueTask<string> GetAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _cached) is { } cached && time.GetUtcNow() < cached.RefreshAt)
        {
            return cached.Token;
        }

        await _exchange.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_cached is { } fresh && now < fresh.RefreshAt)
            {
                return fresh.Token;
            }

            var (token, lifetime) = await ExchangeAsync(now, ct).ConfigureAwait(false);
            Volatile.Write(ref _cached, new CachedToken(token, now + lifetime - RefreshMargin));
            return token;
        }
        finally
        {
            _exchange.Release();
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> ExchangeAsync(DateTimeOffset now, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(key.TokenUri))
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                new("assertion", JwtAssertion.Create(key, now)),
            ]),
        };

        // OAuth errors ({error, error_description}) take the shared error path like any provider's.
        using var answer = await http.SendForJsonAsync(_call, request, ct).ConfigureAwait(false);
        var root = answer.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String)
        {
            throw new ProviderException(GeminiWire.Provider, 200, "Google's token answer has no access_token.");
        }

        var seconds = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var s) ? s : 3600;
        return (token.GetString()!, TimeSpan.FromSeconds(seconds));
    }

    public void Dispose() => _exchange.Dispose();

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
