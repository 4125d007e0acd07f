using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;
using Switchyard.Server.Secrets;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Secrets;

/// <summary>The resolver as endpoint configs use it, for principals other than the caller of the API.</summary>
public sealed class SecretResolverTests
{
    private static readonly CallerIdentity Ana = Person("ana@example.com", "data-scientists");
    private static readonly CallerIdentity Bob = Person("bob@example.com", "interns");

    [Fact]
    public async Task Check_MissingScopeOrSecret_NamesTheReference()
    {
        await using var server = await StartWithScopeAsync();
        var resolver = server.Services.GetRequiredService<ISecretResolver>();

        var noScope = await resolver.CheckAsync(new SecretReference("anthropic", "key"), Ana, CancellationToken.None);
        var noKey = await resolver.CheckAsync(new SecretReference("openai", "missing"), Ana, CancellationToken.None);

        Assert.Equal("secret {{secrets/anthropic/key}} does not exist: there is no secret scope 'anthropic'", noScope);
        Assert.Equal("secret {{secrets/openai/missing}} does not exist", noKey);
        Assert.Null(await resolver.ResolveAsync(new SecretReference("openai", "missing"), Ana, CancellationToken.None));
    }

    [Fact]
    public async Task Check_PrincipalWithoutRead_RefusedWithoutTellingWhetherTheKeyExists()
    {
        await using var server = await StartWithScopeAsync();
        var resolver = server.Services.GetRequiredService<ISecretResolver>();

        var present = await resolver.CheckAsync(new SecretReference("openai", "key"), Bob, CancellationToken.None);
        var absent = await resolver.CheckAsync(new SecretReference("openai", "missing"), Bob, CancellationToken.None);

        Assert.Equal("secret {{secrets/openai/key}} is out of reach: 'bob@example.com' may not read scope 'openai'", present);
        Assert.Equal(present!.Replace("/key}}", "/missing}}", StringComparison.Ordinal), absent);
        Assert.Null(await resolver.ResolveAsync(new SecretReference("openai", "key"), Bob, CancellationToken.None));
    }

    [Fact]
    public async Task Resolve_ReadThroughAGroup_AnswersTheValue()
    {
        await using var server = await StartWithScopeAsync();
        var resolver = server.Services.GetRequiredService<ISecretResolver>();

        Assert.Null(await resolver.CheckAsync(new SecretReference("openai", "key"), Ana, CancellationToken.None));
        Assert.Equal("sk-test", await resolver.ResolveAsync(new SecretReference("openai", "key"), Ana, CancellationToken.None));
    }

    [Fact]
    public async Task PermissionOf_ScopeOrCaller_AnswersTheLevelOrNull()
    {
        await using var server = await StartWithScopeAsync();
        var service = server.Services.GetRequiredService<SecretService>();

        Assert.Equal(SecretPermission.Read, await service.PermissionOfAsync("openai", Ana, CancellationToken.None));
        Assert.Equal(SecretPermission.None, await service.PermissionOfAsync("openai", Bob, CancellationToken.None));
        Assert.Null(await service.PermissionOfAsync("anthropic", Ana, CancellationToken.None));
    }

    private static async Task<ServerUnderTest> StartWithScopeAsync()
    {
        var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("ana@example.com", "bob@example.com", "data-scientists", "users");
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "openai" });
        await secrets.OkAsync("put", new { scope = "openai", key = "key", string_value = "sk-test" });
        await secrets.OkAsync("acls/put", new { scope = "openai", principal = "data-scientists", permission = "READ" });
        return server;
    }

    private static CallerIdentity Person(string name, string group) =>
        new(name, PrincipalKind.User, name, name, new HashSet<string> { group, "users" });
}
