namespace Switchyard.Providers.Http;

/// <summary>
/// Who is being called, for error messages and the provider-call span: the provider's name, the
/// model asked for (none for a token exchange), and the secret values of this client, which are
/// scrubbed from anything a provider echoes back.
/// </summary>
internal sealed class ProviderCall(string provider, IReadOnlyList<string> secrets, string? model = null)
{
    public string Provider { get; } = provider;

    public string? Model { get; } = model;

    public IReadOnlyList<string> Secrets { get; } = secrets;
}
