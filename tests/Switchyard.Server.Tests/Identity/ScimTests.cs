using static Switchyard.Server.Tests.Identity.AuthenticationTests;

namespace Switchyard.Server.Tests.Identity;

public sealed class ScimTests
{
    private const string Scim = "/api/2.0/preview/scim/v2";

    [Fact]
    public async Task Me_AnswersTheCallerAsScimUser()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var me = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Scim}/Me"));
        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:User", (string?)me["schemas"]![0]);
        Assert.Equal("admin", (string?)me["userName"]);
        Assert.True((bool)me["active"]!);
        Assert.Matches("^[0-9]{16}$", (string)me["id"]!);
        var group = me["groups"]!.AsArray().Single()!;
        Assert.Equal("admins", (string?)group["display"]);
        Assert.Equal($"Groups/{group["value"]}", (string?)group["$ref"]);
    }

    [Fact]
    public async Task Users_CreateFilterGetDelete()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"{Scim}/Users",
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"frank@example.com","displayName":"Frank"}"""));
        var id = (string)created["id"]!;
        Assert.Equal("Frank", (string?)created["displayName"]);

        var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Scim}/Users?filter=userName%20eq%20%22frank@example.com%22"));
        Assert.Equal(1, (int)list["totalResults"]!);
        Assert.Equal(1, (int)list["startIndex"]!);
        Assert.Equal(1, (int)list["itemsPerPage"]!);
        Assert.Equal(id, (string?)list["Resources"]![0]!["id"]);

        var all = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Scim}/Users"));
        Assert.Equal(2, (int)all["totalResults"]!);

        Assert.Equal("frank@example.com", (string?)(await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Scim}/Users/{id}")))["userName"]);
        await ApiAssert.ErrorAsync(await server.PostJsonAsync($"{Scim}/Users", """{"userName":"frank@example.com"}"""), 409, "RESOURCE_ALREADY_EXISTS");

        Assert.Equal(204, (int)(await server.Client.DeleteAsync($"{Scim}/Users/{id}")).StatusCode);
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Scim}/Users/{id}"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Users_CreateWithGroups_AndPatchGroups()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var group = await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"{Scim}/Groups", """{"displayName":"scorers"}"""));
        var groupId = (string)group["id"]!;
        var user = await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"{Scim}/Users",
            $$"""{"userName":"gina@example.com","groups":[{"value":"{{groupId}}"}]}"""));
        Assert.Equal("scorers", (string?)user["groups"]![0]!["display"]);

        var patched = await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{Scim}/Users/{user["id"]}",
            $$"""{"Operations":[{"op":"remove","path":"groups","value":[{"value":"{{groupId}}"}]}]}"""));
        Assert.Empty(patched["groups"]!.AsArray());
    }

    [Fact]
    public async Task Groups_CreateWithMembers_PatchAddRemove_Delete()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (userId, _) = await server.CreateUserWithTokenAsync("hank@example.com");
        var (spId, _, _) = await server.CreateServicePrincipalWithTokenAsync("nightly");

        var group = await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"{Scim}/Groups",
            $$"""{"displayName":"ml-team","members":[{"value":"{{userId}}"}]}"""));
        var groupId = (string)group["id"]!;
        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:Group", (string?)group["schemas"]![0]);
        Assert.Equal($"Users/{userId}", (string?)group["members"]![0]!["$ref"]);

        var added = await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{Scim}/Groups/{groupId}",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{spId}}"}]}]}"""));
        Assert.Equal(2, added["members"]!.AsArray().Count);

        var removed = await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{Scim}/Groups/{groupId}",
            $$"""{"Operations":[{"op":"remove","path":"members[value eq \"{{userId}}\"]"}]}"""));
        Assert.Equal(spId, (string?)removed["members"]!.AsArray().Single()!["value"]);

        var sp = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Scim}/ServicePrincipals/{spId}"));
        Assert.Equal("ml-team", (string?)sp["groups"]![0]!["display"]);

        Assert.Equal(204, (int)(await server.Client.DeleteAsync($"{Scim}/Groups/{groupId}")).StatusCode);
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Scim}/Groups/{groupId}"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task AdminsGroup_CannotBeDeleted()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var admins = await AdminsGroupIdAsync(server);
        await ApiAssert.ErrorAsync(await server.Client.DeleteAsync($"{Scim}/Groups/{admins}"), 403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task ServicePrincipals_CreateGeneratesApplicationId_OrKeepsTheGivenOne()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var generated = await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"{Scim}/ServicePrincipals", """{"displayName":"etl"}"""));
        Assert.True(Guid.TryParse((string?)generated["applicationId"], out _));
        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal", (string?)generated["schemas"]![0]);

        var given = await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"{Scim}/ServicePrincipals",
            """{"displayName":"scoring","applicationId":"6f5ccf28-d83a-4957-9bfb-5bbfac551410"}"""));
        Assert.Equal("6f5ccf28-d83a-4957-9bfb-5bbfac551410", (string?)given["applicationId"]);

        var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync(
            $"{Scim}/ServicePrincipals?filter=applicationId%20eq%20%226f5ccf28-d83a-4957-9bfb-5bbfac551410%22"));
        Assert.Equal("scoring", (string?)list["Resources"]!.AsArray().Single()!["displayName"]);

        await ApiAssert.ErrorAsync(await server.PostJsonAsync($"{Scim}/ServicePrincipals", """{"applicationId":"not-a-uuid"}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Equal(204, (int)(await server.Client.DeleteAsync($"{Scim}/ServicePrincipals/{given["id"]}")).StatusCode);
    }

    [Fact]
    public async Task NonAdmin_MayReadButNotChangePrincipalsOrGroups()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (userId, token) = await server.CreateUserWithTokenAsync("ivy@example.com");
        var client = server.ClientFor(token);

        var me = await ApiAssert.OkJsonAsync(await client.GetAsync($"{Scim}/Me"));
        Assert.Equal("ivy@example.com", (string?)me["userName"]);
        Assert.Empty(me["groups"]!.AsArray());
        await ApiAssert.OkJsonAsync(await client.GetAsync($"{Scim}/Users"));
        await ApiAssert.OkJsonAsync(await client.GetAsync($"{Scim}/Groups"));

        var admins = await AdminsGroupIdAsync(server);
        await ApiAssert.ErrorAsync(await client.PostAsync($"{Scim}/Users", Json("""{"userName":"x@example.com"}""")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await client.PostAsync($"{Scim}/Groups", Json("""{"displayName":"mine"}""")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await client.PostAsync($"{Scim}/ServicePrincipals", Json("""{"displayName":"sp"}""")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await client.PatchAsync($"{Scim}/Groups/{admins}",
            Json($$"""{"Operations":[{"op":"add","path":"members","value":[{"value":"{{userId}}"}]}]}""")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await client.DeleteAsync($"{Scim}/Users/{userId}"), 403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task UnsupportedFilter_Is400()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Scim}/Users?filter=userName%20co%20%22a%22"), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task DeletingAUser_RevokesItsTokens()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (userId, token) = await server.CreateUserWithTokenAsync("jack@example.com");
        var client = server.ClientFor(token);
        await ApiAssert.OkJsonAsync(await client.GetAsync($"{Scim}/Me"));
        await server.Client.DeleteAsync($"{Scim}/Users/{userId}");
        await ApiAssert.ErrorAsync(await client.GetAsync($"{Scim}/Me"), 401, "UNAUTHENTICATED");
        var all = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/token-management/tokens"));
        Assert.Single(all["token_infos"]!.AsArray());
    }
}
