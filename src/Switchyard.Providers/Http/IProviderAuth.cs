namespace Switchyard.Providers.Http;

/// <summary>Puts a provider's credentials on a request: fixed headers, or a token fetched and renewed as needed.</summary>
internal interface IProviderAuth
{
    ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct);
}
