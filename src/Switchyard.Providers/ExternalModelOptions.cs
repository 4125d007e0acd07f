namespace Switchyard.Providers;

/// <summary>
/// How the server talks to external providers, bound from the <c>ExternalModels</c> configuration
/// section. <see cref="BaseUrls"/> redirects a provider whose config has no base-URL field (tests,
/// corporate proxies): <c>ExternalModels:BaseUrls:anthropic = http://127.0.0.1:1234</c>.
/// </summary>
public sealed class ExternalModelOptions
{
    public const string Section = "ExternalModels";

    /// <summary>The key of <see cref="BaseUrls"/> that redirects Microsoft Entra token requests (Azure OpenAI with azuread).</summary>
    public const string EntraTokenKey = "microsoft-entra";

    /// <summary>Base URL per provider name, overriding the provider's public default.</summary>
    public Dictionary<string, string> BaseUrls { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a provider may take to answer a whole query (for a stream: to start answering).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long opening a connection to a provider may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An HTTP proxy for all provider traffic; none when empty.</summary>
    public string? Proxy { get; set; }

    /// <summary>The base URL for <paramref name="provider"/>: the configured override, else <paramref name="publicDefault"/>.</summary>
    public string BaseUrlOf(string provider, string publicDefault) =>
        BaseUrls.TryGetValue(provider, out var url) && !string.IsNullOrWhiteSpace(url) ? url.TrimEnd('/') : publicDefault;
}
