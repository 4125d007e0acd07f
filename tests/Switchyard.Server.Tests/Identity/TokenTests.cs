using static Switchyard.Server.Tests.Identity.AuthenticationTests;

namespace Switchyard.Server.Tests.Identity;

public sealed class TokenTests
{
    [Fact]
    public async Task Create_AnswersValueOnceAndInfo_AndTheTokenWorks()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/token/create", """{"comment":"laptop","lifetime_seconds":3600}"""));
        var value = (string)created["token_value"]!;
        Assert.Matches("^dapi[0-9a-f]{48}$", value);
        var info = created["token_info"]!;
        Assert.Equal(value.Substring(4, 16), (string?)info["token_id"]);
        Assert.Equal("laptop", (string?)info["comment"]);
        Assert.Equal((long)info["creation_time"]! + 3_600_000, (long)info["expiry_time"]!);

        await ApiAssert.OkJsonAsync(await server.ClientFor(value).GetAsync("/api/2.0/preview/scim/v2/Me"));
    }

    [Fact]
    public async Task Create_WithoutLifetime_NeverExpires()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/token/create", "{}"));
        Assert.Equal(-1, (long)created["token_info"]!["expiry_time"]!);
    }

    [Fact]
    public async Task Create_WithAbsurdLifetime_Is400()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/token/create", """{"lifetime_seconds":9223372036854775807}"""),
            400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersOwnTokens_AndDeleteRefusesOthers()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, token) = await server.CreateUserWithTokenAsync("kim@example.com");
        var kim = server.ClientFor(token);
        var second = await ApiAssert.OkJsonAsync(await kim.PostAsync("/api/2.0/token/create", Json("""{"comment":"second"}""")));

        var kims = await ApiAssert.OkJsonAsync(await kim.GetAsync("/api/2.0/token/list"));
        var ids = kims["token_infos"]!.AsArray().Select(t => (string)t!["token_id"]!).ToList();
        Assert.Equal([token.Substring(4, 16), (string)second["token_info"]!["token_id"]!], ids);
        Assert.All(kims["token_infos"]!.AsArray(), t => Assert.Null(t!["owner_id"]));

        var admins = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/token/list"));
        Assert.Equal(ServerUnderTest.AdminToken.Substring(4, 16), (string?)admins["token_infos"]!.AsArray().Single()!["token_id"]);

        var adminTokenId = ServerUnderTest.AdminToken.Substring(4, 16);
        await ApiAssert.ErrorAsync(await kim.PostAsync("/api/2.0/token/delete", Json($$"""{"token_id":"{{adminTokenId}}"}""")), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/preview/scim/v2/Me"));
    }

    [Fact]
    public async Task OnBehalfOf_ServicePrincipal_MintsItsToken()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var sp = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/preview/scim/v2/ServicePrincipals", """{"displayName":"scoring job"}"""));
        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/token-management/on-behalf-of/tokens",
            $$"""{"application_id":"{{sp["applicationId"]}}","lifetime_seconds":600,"comment":"ci"}"""));
        var info = created["token_info"]!;
        Assert.Equal(long.Parse((string)sp["id"]!, System.Globalization.CultureInfo.InvariantCulture), (long)info["owner_id"]!);
        Assert.Equal("admin", (string?)info["created_by_username"]);
        Assert.Equal("ci", (string?)info["comment"]);

        var me = await ApiAssert.OkJsonAsync(await server.ClientFor((string)created["token_value"]!).GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal((string?)sp["applicationId"], (string?)me["applicationId"]);
        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal", (string?)me["schemas"]![0]);
    }

    [Fact]
    public async Task OnBehalfOf_User_MintsItsToken_AndUnknownOwnersAre404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (userId, token) = await server.CreateUserWithTokenAsync("lee@example.com");
        var me = await ApiAssert.OkJsonAsync(await server.ClientFor(token).GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal(userId, (string?)me["id"]);

        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/token-management/on-behalf-of/tokens", """{"user_name":"nobody@example.com"}"""),
            404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/token-management/on-behalf-of/tokens",
            """{"application_id":"6f5ccf28-d83a-4957-9bfb-5bbfac551410"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/token-management/on-behalf-of/tokens", "{}"), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task TokenManagement_ListsGetsAndDeletesEveryonesTokens()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (userId, token) = await server.CreateUserWithTokenAsync("mia@example.com");
        var tokenId = token.Substring(4, 16);

        var all = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/token-management/tokens"));
        Assert.Equal(2, all["token_infos"]!.AsArray().Count);

        var one = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/token-management/tokens/{tokenId}"));
        Assert.Equal(userId, ((long)one["token_info"]!["owner_id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));

        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"/api/2.0/token-management/tokens/{tokenId}"));
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"/api/2.0/token-management/tokens/{tokenId}"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.ClientFor(token).GetAsync("/api/2.0/token/list"), 401, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task TokenManagement_IsForAdminsOnly()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, token) = await server.CreateUserWithTokenAsync("ned@example.com");
        var client = server.ClientFor(token);
        var adminTokenId = ServerUnderTest.AdminToken.Substring(4, 16);

        await ApiAssert.ErrorAsync(await client.GetAsync("/api/2.0/token-management/tokens"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await client.GetAsync($"/api/2.0/token-management/tokens/{adminTokenId}"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await client.DeleteAsync($"/api/2.0/token-management/tokens/{adminTokenId}"), 403, "PERMISSION_DENIED");
        var message = await ApiAssert.ErrorAsync(await client.PostAsync("/api/2.0/token-management/on-behalf-of/tokens",
            Json("""{"user_name":"ned@example.com"}""")), 403, "PERMISSION_DENIED");
        Assert.DoesNotContain(token, message, StringComparison.Ordinal);
    }
}
