using System.Net.Http.Headers;
using System.Text;

namespace Switchyard.Server.Tests.Identity;

public sealed class AuthenticationTests
{
    private const string Me = "/api/2.0/preview/scim/v2/Me";
    private const string Invocations = "/serving-endpoints/no-such-endpoint/invocations";

    [Fact]
    public async Task Request_WithoutAuthorization_Is401SayingCredentialsAreMissing()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var response = await server.AnonymousClient().GetAsync("/api/2.0/serving-endpoints");
        var message = await ApiAssert.ErrorAsync(response, 401, "UNAUTHENTICATED");
        Assert.Contains("Missing credentials", message, StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task DataPlane_WithoutAuthorization_Is401()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.ErrorAsync(await server.AnonymousClient().PostAsync(Invocations, Json("{}")), 401, "UNAUTHENTICATED");
    }

    [Theory]
    [InlineData("Bearer", "dapi-not-a-token")]
    [InlineData("Bearer", "dapi00000000000000a15e1fc0de5e1fc0de5e1fc0de5e1fc0dE")]
    [InlineData("Digest", "dapi00000000000000a15e1fc0de5e1fc0de5e1fc0de5e1fc0de")]
    public async Task Request_WithMalformedCredentials_Is401WithoutEchoingThem(string scheme, string value)
    {
        await using var server = await ServerUnderTest.StartAsync();
        var client = server.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, value);
        var message = await ApiAssert.ErrorAsync(await client.GetAsync(Me), 401, "UNAUTHENTICATED");
        Assert.DoesNotContain(value, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithUnknownToken_Is401SayingInvalid()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var unknown = "dapi0123456789abcdef" + "0123456789abcdef0123456789abcdef";
        var message = await ApiAssert.ErrorAsync(await server.ClientFor(unknown).GetAsync(Me), 401, "UNAUTHENTICATED");
        Assert.Contains("Invalid access token", message, StringComparison.Ordinal);
        Assert.DoesNotContain(unknown, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithKnownIdButWrongSecret_Is401()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.OkJsonAsync(await server.Client.GetAsync(Me));
        var forged = ServerUnderTest.AdminToken[..20] + new string('0', 32);
        await ApiAssert.ErrorAsync(await server.ClientFor(forged).GetAsync(Me), 401, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task BasicAuth_WithUserTokenAndPatAsPassword_IsAccepted()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var client = server.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = Basic("token", ServerUnderTest.AdminToken);
        var me = await ApiAssert.OkJsonAsync(await client.GetAsync(Me));
        Assert.Equal("admin", (string?)me["userName"]);
    }

    [Fact]
    public async Task BasicAuth_WithAnotherUserName_Is401()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var client = server.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = Basic("admin", ServerUnderTest.AdminToken);
        await ApiAssert.ErrorAsync(await client.GetAsync(Me), 401, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task HealthAndWellKnown_AnswerWithoutCredentials()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var anonymous = server.AnonymousClient();
        await ApiAssert.OkJsonAsync(await anonymous.GetAsync("/health"));
        await ApiAssert.OkJsonAsync(await anonymous.GetAsync("/.well-known/databricks-config"));
    }

    [Fact]
    public async Task ExpiredToken_Is401()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, token) = await server.CreateUserWithTokenAsync("brief@example.com", lifetimeSeconds: 1);
        var client = server.ClientFor(token);
        await ApiAssert.OkJsonAsync(await client.GetAsync(Me));

        await Task.Delay(TimeSpan.FromMilliseconds(1300));
        await ApiAssert.ErrorAsync(await client.GetAsync(Me), 401, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task DeletedToken_StopsWorkingOnTheNextRequest_OnControlAndDataPlane()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, token) = await server.CreateUserWithTokenAsync("alice@example.com");
        var client = server.ClientFor(token);

        // Warm the cache on both paths: the data plane answers 404 only after the caller is accepted.
        await ApiAssert.OkJsonAsync(await client.GetAsync(Me));
        await ApiAssert.ErrorAsync(await client.PostAsync(Invocations, Json("{}")), 404, "ENDPOINT_NOT_FOUND");

        var tokenId = token.Substring(4, 16);
        await ApiAssert.OkJsonAsync(await client.PostAsync("/api/2.0/token/delete", Json($$"""{"token_id":"{{tokenId}}"}""")));

        await ApiAssert.ErrorAsync(await client.PostAsync(Invocations, Json("{}")), 401, "UNAUTHENTICATED");
        await ApiAssert.ErrorAsync(await client.GetAsync(Me), 401, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task DeletedByAdmin_TokenStopsWorkingOnTheNextDataPlaneRequest()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, _, token) = await server.CreateServicePrincipalWithTokenAsync("batch job");
        var client = server.ClientFor(token);
        await ApiAssert.ErrorAsync(await client.PostAsync(Invocations, Json("{}")), 404, "ENDPOINT_NOT_FOUND");

        var response = await server.Client.DeleteAsync($"/api/2.0/token-management/tokens/{token.Substring(4, 16)}");
        await ApiAssert.OkJsonAsync(response);

        await ApiAssert.ErrorAsync(await client.PostAsync(Invocations, Json("{}")), 401, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task DeactivatedUser_IsRefusedAtOnce_AndAcceptedAgainWhenReactivated()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (id, token) = await server.CreateUserWithTokenAsync("carol@example.com");
        var client = server.ClientFor(token);
        await ApiAssert.OkJsonAsync(await client.GetAsync(Me));

        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/preview/scim/v2/Users/{id}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}"""));
        await ApiAssert.ErrorAsync(await client.GetAsync(Me), 401, "UNAUTHENTICATED");

        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/preview/scim/v2/Users/{id}",
            """{"Operations":[{"op":"replace","value":{"active":true}}]}"""));
        await ApiAssert.OkJsonAsync(await client.GetAsync(Me));
    }

    [Fact]
    public async Task GroupMembershipChange_ReachesTheCachedCallerAtOnce()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (id, token) = await server.CreateUserWithTokenAsync("dave@example.com");
        var client = server.ClientFor(token);
        await ApiAssert.ErrorAsync(await client.GetAsync("/api/2.0/token-management/tokens"), 403, "PERMISSION_DENIED");

        var admins = await AdminsGroupIdAsync(server);
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/preview/scim/v2/Groups/{admins}",
            $$"""{"Operations":[{"op":"add","path":"members","value":[{"value":"{{id}}"}]}]}"""));
        await ApiAssert.OkJsonAsync(await client.GetAsync("/api/2.0/token-management/tokens"));

        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/preview/scim/v2/Groups/{admins}",
            $$"""{"Operations":[{"op":"remove","path":"members[value eq \"{{id}}\"]"}]}"""));
        await ApiAssert.ErrorAsync(await client.GetAsync("/api/2.0/token-management/tokens"), 403, "PERMISSION_DENIED");
    }

    internal static async Task<string> AdminsGroupIdAsync(ServerUnderTest server)
    {
        var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/preview/scim/v2/Groups?filter=displayName%20eq%20%22admins%22"));
        return (string)list["Resources"]![0]!["id"]!;
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
