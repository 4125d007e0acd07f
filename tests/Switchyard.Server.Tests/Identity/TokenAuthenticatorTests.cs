using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Identity;
using Switchyard.Server.Auth;

namespace Switchyard.Server.Tests.Identity;

public sealed class TokenAuthenticatorTests
{
    [Fact]
    public async Task WarmToken_IsDecidedFromTheCacheAlone_UntilTheStoreChanges()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var authenticator = server.Services.GetRequiredService<TokenAuthenticator>();
        var store = server.Services.GetRequiredService<IIdentityStore>();
        var (_, token) = await server.CreateUserWithTokenAsync("olga@example.com");

        Assert.NotNull(await authenticator.AuthenticateAsync(token, CancellationToken.None));

        // Decided without the store: this is the data plane's path once a token is warm.
        Assert.True(authenticator.TryAuthenticateCached(token, out var cached));
        Assert.Equal("olga@example.com", cached!.Name);
        Assert.True(authenticator.TryAuthenticateCached(token[..20] + new string('0', 32), out var forged));
        Assert.Null(forged);

        await store.DeleteTokenAsync(token.Substring(4, 16), CancellationToken.None);
        Assert.False(authenticator.TryAuthenticateCached(token, out _));
        Assert.Null(await authenticator.AuthenticateAsync(token, CancellationToken.None));
    }
}
