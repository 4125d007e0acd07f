namespace Switchyard.Providers.Http;

/// <summary>Credentials sent as fixed headers (<c>Authorization: Bearer …</c>, <c>api-key</c>, <c>x-api-key</c>, …); none when empty.</summary>
internal sealed class HeaderAuth(params (string Name, string Value)[] headers) : IProviderAuth
{
    public static readonly HeaderAuth None = new();

    public static HeaderAuth Bearer(string token) => new(("Authorization", $"Bearer {token}"));

    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return ValueTask.CompletedTask;
    }
}
