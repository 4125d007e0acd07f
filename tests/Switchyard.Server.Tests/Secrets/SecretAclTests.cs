using Switchyard.Server.Http;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Secrets;

public sealed class SecretAclTests
{
    [Fact]
    public async Task Acls_PutGetListDelete_RoundTrip()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("ana@example.com", "data-scientists");
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "openai" });

        Assert.Empty(await secrets.OkAsync("acls/put", new { scope = "openai", principal = "data-scientists", permission = "READ" }));
        await secrets.OkAsync("acls/put", new { scope = "openai", principal = "ana@example.com", permission = "WRITE" });
        // A second put for the same principal replaces its entry.
        await secrets.OkAsync("acls/put", new { scope = "openai", principal = "data-scientists", permission = "MANAGE" });

        var entry = await secrets.GetOkAsync("acls/get?scope=openai&principal=data-scientists");
        Assert.Equal("data-scientists", (string?)entry["principal"]);
        Assert.Equal("MANAGE", (string?)entry["permission"]);

        var items = (await secrets.GetOkAsync("acls/list?scope=openai"))["items"]!.AsArray()
            .Select(static e => ((string)e!["principal"]!, (string)e["permission"]!)).ToList();
        Assert.Equal([("admin", "MANAGE"), ("ana@example.com", "WRITE"), ("data-scientists", "MANAGE")],
            items.OrderBy(static e => e.Item1, StringComparer.Ordinal));

        Assert.Empty(await secrets.OkAsync("acls/delete", new { scope = "openai", principal = "ana@example.com" }));
        SecretsClient.AssertError(await secrets.GetAsync("acls/get?scope=openai&principal=ana@example.com"), 404, "RESOURCE_DOES_NOT_EXIST");
        SecretsClient.AssertError(await secrets.PostAsync("acls/delete", new { scope = "openai", principal = "ana@example.com" }), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Equal(2, (await secrets.GetOkAsync("acls/list?scope=openai"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Acls_BadInput_BadRequestOrNotFound()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("ana@example.com", "data-scientists");
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "s" });

        SecretsClient.AssertError(await secrets.PostAsync("acls/put", new { scope = "s", principal = "u", permission = "OWN" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("acls/put", new { scope = "s", principal = "u", permission = "read" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("acls/put", new { scope = "s", permission = "READ" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("acls/put", new { scope = "none", principal = "u", permission = "READ" }), 404, "RESOURCE_DOES_NOT_EXIST");
        SecretsClient.AssertError(await secrets.GetAsync("acls/list?scope=none"), 404, "RESOURCE_DOES_NOT_EXIST");
        SecretsClient.AssertError(await secrets.GetAsync("acls/get?scope=s"), 400, "INVALID_PARAMETER_VALUE");
    }
}
