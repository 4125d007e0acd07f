using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Secrets;

public sealed class SecretScopeTests
{
    [Fact]
    public async Task Scopes_CreateListDelete_RoundTrip()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("users");
        var secrets = new SecretsClient(server);

        Assert.Empty(await secrets.GetOkAsync("scopes/list"));
        Assert.Empty(await secrets.OkAsync("scopes/create", new { scope = "openai" }));
        await secrets.OkAsync("scopes/create", new { scope = "team.a@b-c_d", scope_backend_type = "DATABRICKS" });

        var scopes = (await secrets.GetOkAsync("scopes/list"))["scopes"]!.AsArray();
        Assert.Equal(["openai", "team.a@b-c_d"], scopes.Select(static s => (string?)s!["name"]));
        Assert.All(scopes, static s => Assert.Equal("DATABRICKS", (string?)s!["backend_type"]));

        Assert.Empty(await secrets.OkAsync("scopes/delete", new { scope = "openai" }));
        var left = (await secrets.GetOkAsync("scopes/list"))["scopes"]!.AsArray();
        Assert.Equal(["team.a@b-c_d"], left.Select(static s => (string?)s!["name"]));
    }

    [Fact]
    public async Task CreateScope_NameTaken_Conflict()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("users");
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "openai" });

        SecretsClient.AssertError(await secrets.PostAsync("scopes/create", new { scope = "openai" }), 409, "RESOURCE_ALREADY_EXISTS");
    }

    [Fact]
    public async Task DeleteScope_Missing_NotFound()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("users");
        var secrets = new SecretsClient(server);

        SecretsClient.AssertError(await secrets.PostAsync("scopes/delete", new { scope = "nowhere" }), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task DeleteScope_TakesItsSecretsAndAcl()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("users");
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "s" });
        await secrets.OkAsync("put", new { scope = "s", key = "k", string_value = "v" });
        await secrets.OkAsync("scopes/delete", new { scope = "s" });
        await secrets.OkAsync("scopes/create", new { scope = "s" });

        Assert.Empty(await secrets.GetOkAsync("list?scope=s"));
        var acl = (await secrets.GetOkAsync("acls/list?scope=s"))["items"]!.AsArray();
        Assert.Single(acl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("brace{")]
    public async Task CreateScope_BadName_BadRequest(string name)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("users");
        var secrets = new SecretsClient(server);

        SecretsClient.AssertError(await secrets.PostAsync("scopes/create", new { scope = name }), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task CreateScope_NameLimits_AcceptsOneTwentyEightRefusesMore()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("users");
        var secrets = new SecretsClient(server);

        await secrets.OkAsync("scopes/create", new { scope = new string('a', 128) });
        SecretsClient.AssertError(await secrets.PostAsync("scopes/create", new { scope = new string('b', 129) }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("scopes/create", new { }), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task CreateScope_OtherBackend_BadRequest()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("users");
        var secrets = new SecretsClient(server);

        SecretsClient.AssertError(await secrets.PostAsync("scopes/create", new { scope = "kv", scope_backend_type = "AZURE_KEYVAULT" }), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task CreateScope_CreatorAndInitialPrincipal_HoldManage()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("users");
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "shared", initial_manage_principal = "users" });

        var acl = (await secrets.GetOkAsync("acls/list?scope=shared"))["items"]!.AsArray();
        Assert.Equal(
            [("admin", "MANAGE"), ("users", "MANAGE")],
            acl.Select(static e => ((string)e!["principal"]!, (string)e["permission"]!)).OrderBy(static e => e.Item1, StringComparer.Ordinal));
    }
}
