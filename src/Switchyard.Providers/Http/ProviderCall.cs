namespace Switchyard.Providers.Http;

/// <summary>
/// Who is being called, for error messages: the provider's name, and the secret values of this
/// client, which are scrubbed from anything a provider echoes back.
/// </summary>
internal sealed class ProviderCall(string provider, IReadOnlyList<string> secrets)
{
    public string Provider { get; } = provider;

    public IReadOnlyList<string> Secrets { get; } = secrets;
}
