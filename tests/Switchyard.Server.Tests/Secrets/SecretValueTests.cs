namespace Switchyard.Server.Tests.Secrets;

public sealed class SecretValueTests
{
    [Fact]
    public async Task Secrets_PutListDelete_RoundTrip()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "openai" });

        Assert.Empty(await secrets.GetOkAsync("list?scope=openai"));
        Assert.Empty(await secrets.OkAsync("put", new { scope = "openai", key = "api_key", string_value = "first" }));
        await secrets.OkAsync("put", new { scope = "openai", key = "api_key", string_value = "second" });
        await secrets.OkAsync("put", new { scope = "openai", key = "cert.pem", bytes_value = Convert.ToBase64String([0, 1, 2, 255]) });

        var listed = (await secrets.GetOkAsync("list?scope=openai"))["secrets"]!.AsArray();
        Assert.Equal(["api_key", "cert.pem"], listed.Select(static s => (string?)s!["key"]));
        Assert.All(listed, static s => Assert.True((long)s!["last_updated_timestamp"]! > 1_600_000_000_000));
        Assert.All(listed, static s => Assert.Equal(2, s!.AsObject().Count));

        Assert.Empty(await secrets.OkAsync("delete", new { scope = "openai", key = "api_key" }));
        var left = (await secrets.GetOkAsync("list?scope=openai"))["secrets"]!.AsArray();
        Assert.Equal(["cert.pem"], left.Select(static s => (string?)s!["key"]));
        SecretsClient.AssertError(await secrets.PostAsync("delete", new { scope = "openai", key = "api_key" }), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Secrets_MissingScope_NotFound()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var secrets = new SecretsClient(server);

        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "none", key = "k", string_value = "v" }), 404, "RESOURCE_DOES_NOT_EXIST");
        SecretsClient.AssertError(await secrets.GetAsync("list?scope=none"), 404, "RESOURCE_DOES_NOT_EXIST");
        SecretsClient.AssertError(await secrets.PostAsync("delete", new { scope = "none", key = "k" }), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Put_ValueSizes_AcceptsLimitRefusesMore()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "s" });

        await secrets.OkAsync("put", new { scope = "s", key = "at-limit", string_value = new string('x', 128 * 1024) });
        await secrets.OkAsync("put", new { scope = "s", key = "bytes-at-limit", bytes_value = Convert.ToBase64String(new byte[128 * 1024]) });
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = "over", string_value = new string('x', (128 * 1024) + 1) }),
            400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = "over", bytes_value = Convert.ToBase64String(new byte[(128 * 1024) + 1]) }),
            400, "INVALID_PARAMETER_VALUE");
        // Multi-byte characters count by their UTF-8 size.
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = "wide", string_value = new string('é', 65 * 1024) }),
            400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Put_BadRequests_BadRequest()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "s" });

        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = "k" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = "k", string_value = "a", bytes_value = "YQ==" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = "k", bytes_value = "not base64!" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = "k", string_value = 42 }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = "bad@key", string_value = "v" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", key = new string('k', 129), string_value = "v" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostAsync("put", new { scope = "s", string_value = "v" }), 400, "INVALID_PARAMETER_VALUE");
        SecretsClient.AssertError(await secrets.PostRawAsync("put", "[1]"), 400, "BAD_REQUEST");
        SecretsClient.AssertError(await secrets.GetAsync("list"), 400, "INVALID_PARAMETER_VALUE");
        Assert.Empty(await secrets.GetOkAsync("list?scope=s"));
    }

    [Fact]
    public async Task Put_MalformedJson_MessageQuotesNothingOfTheBody()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "s" });

        var answer = await secrets.PostRawAsync("put", """{"scope":"s","key":"k","string_value":"Zq"Zq}""");

        SecretsClient.AssertError(answer, 400, "BAD_REQUEST");
        Assert.DoesNotContain("Zq", (string)answer.Body["message"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("'Z'", (string)answer.Body["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IsNotOffered()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "s" });
        await secrets.OkAsync("put", new { scope = "s", key = "k", string_value = "value-not-to-be-read" });

        var answer = await secrets.GetAsync("get?scope=s&key=k");

        SecretsClient.AssertError(answer, 404, "NOT_FOUND");
        Assert.DoesNotContain("value-not-to-be-read", answer.Body.ToJsonString(), StringComparison.Ordinal);
    }
}
