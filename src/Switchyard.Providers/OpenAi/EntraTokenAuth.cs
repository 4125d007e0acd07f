using System.Text.Json;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.OpenAi;

/// <summary>
/// Azure OpenAI with Microsoft Entra ID (<c>openai_api_type: azuread</c>): a bearer token from
/// the client-credentials grant, kept until shortly before it expires and then fetched again.
/// </summary>
// The semaphore never allocates a wait handle (only WaitAsync is used), so there is nothing to dispose.
#pragma warning disable CA1001
internal sealed class EntraTokenAuth(ProviderHttp http, Uri tokenUrl, string clientId, string clientSecret, TimeProvider time) : IProviderAuth
{
    public const string PublicAuthority = "https://login.microsoftonline.com";

    private const string Scope = "https://cognitiveservices.azure.com/.default";

    // Renew early so that a token never expires between being put on a request and its arrival.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _renewing = new(1, 1);
    private readonly ProviderCall _call = new(OpenAiProvider.ProviderName, [clientSecret]);
    private volatile Token? _token;

    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var token = _token;
        if (token is null || time.GetUtcNow() >= token.RenewAt)
        {
            token = await RenewAsync(ct);
        }

        request.Headers.TryAddWithoutValidation("Authorization", token.Header);
    }

    private async Task<Token> RenewAsync(CancellationToken ct)
    {
        await _renewing.WaitAsync(ct);
        try
        {
            if (_token is { } fresh && time.GetUtcNow() < fresh.RenewAt)
            {
                return fresh;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
            {
                Content = new FormUrlEncodedContent(
                [
                    new("grant_type", "client_credentials"),
                    new("client_id", clientId),
                    new("client_secret", clientSecret),
                    new("scope", Scope),
                ]),
            };
            using var answer = await http.SendForJsonAsync(_call, request, ct);
            var root = answer.RootElement;
            if (!root.TryGetProperty("access_token", out var accessToken) || accessToken.ValueKind != JsonValueKind.String)
            {
                throw new Core.Llm.ProviderException(OpenAiProvider.ProviderName, null, "Microsoft Entra ID answered without an access_token");
            }

            var lifetime = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds) ? seconds : 3600;
            var token = new Token($"Bearer {accessToken.GetString()}", time.GetUtcNow() + TimeSpan.FromSeconds(lifetime) - Margin);
            _token = token;
            return token;
        }
        finally
        {
            _renewing.Release();
        }
    }

    private sealed record Token(string Header, DateTimeOffset RenewAt);
}
#pragma warning restore CA1001
