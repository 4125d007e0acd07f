using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// Access tokens for one service account: a signed JWT exchanged at the key's <c>token_uri</c>,
/// kept until a minute before it expires, so one exchange serves many queries. Concurrent
/// callers share one exchange.
/// </summary>
public sealed class VertexTokenSource(ServiceAccountKey key, HttpClient http, TimeProvider time) : IDisposable
{
    /// <summary>How long before expiry a token is replaced, so none expires in flight.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

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
        using var form = new FormUrlEncodedContent(
        [
            new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            new("assertion", JwtAssertion.Create(key, now)),
        ]);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(key.TokenUri), form, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ProviderException(GeminiWire.Provider, null, $"Google's token endpoint could not be reached: {e.Message}");
        }

        using (response)
        {
            var answer = await ReadObjectAsync(response, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // OAuth errors are {error, error_description}; neither carries the assertion.
                var reason = answer?["error_description"]?.GetValue<string>() ?? answer?["error"]?.GetValue<string>() ?? response.ReasonPhrase;
                throw new ProviderException(GeminiWire.Provider, (int)response.StatusCode, $"Google refused the service account's token request: {reason}");
            }

            var token = answer?["access_token"]?.GetValue<string>()
                ?? throw new ProviderException(GeminiWire.Provider, (int)response.StatusCode, "Google's token answer has no access_token.");
            var seconds = answer["expires_in"]?.GetValue<int>() ?? 3600;
            return (token, TimeSpan.FromSeconds(seconds));
        }
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonObject>(ct).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _exchange.Dispose();

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
