using System.Text.Json.Nodes;
using static Switchyard.Server.Tests.Registry.CatalogGrantKit;

namespace Switchyard.Server.Tests.Registry;

/// <summary>
/// Unity-Catalog-style privileges on catalogs and schemas: creating a model needs USE_CATALOG,
/// USE_SCHEMA and CREATE_MODEL; a catalog's grants reach its schemas; owners grant; revokes bite.
/// </summary>
public sealed class CatalogPrivilegeTests
{
    [Fact]
    public async Task User_without_grants_creates_no_model_anywhere_until_granted()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.OkJsonAsync(await CreateCatalogAsync(server.Client, "main"));
        await ApiAssert.OkJsonAsync(await CreateSchemaAsync(server.Client, "main", "risk"));
        var (_, token) = await server.CreateUserWithTokenAsync("alice@example.com");
        var alice = server.ClientFor(token);

        var denied = await ApiAssert.ErrorAsync(await CreateModelAsync(alice, "main", "risk", "fraud"), 403, "PERMISSION_DENIED");
        Assert.Contains("USE_CATALOG", denied, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await CreateModelAsync(alice, "main", "elsewhere", "fraud"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await CreateModelAsync(alice, "nowhere", "risk", "fraud"), 404, "RESOURCE_DOES_NOT_EXIST");

        // Each privilege is needed: with some but not all, still refused, naming the one missing.
        await GrantAsync(server.Client, "catalog", "main", "alice@example.com", "USE_CATALOG");
        await GrantAsync(server.Client, "schema", "main.risk", "alice@example.com", "USE_SCHEMA");
        Assert.Contains("CREATE_MODEL", await ApiAssert.ErrorAsync(await CreateModelAsync(alice, "main", "risk", "fraud"), 403, "PERMISSION_DENIED"), StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{RegistryTestKit.Models}/main.risk.fraud"), 404, "RESOURCE_DOES_NOT_EXIST");

        await GrantAsync(server.Client, "schema", "main.risk", "alice@example.com", "CREATE_MODEL");
        var model = await ApiAssert.OkJsonAsync(await CreateModelAsync(alice, "main", "risk", "fraud"));
        Assert.Equal("alice@example.com", (string?)model["owner"]);

        // The creator owns the model: she adds a version (an upload) to it.
        using var sample = RegistryTestKit.SampleModel();
        await ApiAssert.OkJsonAsync(await alice.PostAsync($"{RegistryTestKit.Models}/main.risk.fraud/versions", Archive(sample.Path)));
    }

    [Fact]
    public async Task Grants_on_a_catalog_reach_its_schemas_and_groups_reach_their_members()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.OkJsonAsync(await CreateCatalogAsync(server.Client, "main"));
        await ApiAssert.OkJsonAsync(await CreateSchemaAsync(server.Client, "main", "risk"));
        var (bobId, token) = await server.CreateUserWithTokenAsync("bob@example.com");
        var bob = server.ClientFor(token);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/preview/scim/v2/Groups",
            new JsonObject { ["displayName"] = "modellers", ["members"] = new JsonArray(new JsonObject { ["value"] = bobId }) }.ToJsonString()));

        await GrantAsync(server.Client, "catalog", "main", "modellers", "USE_CATALOG", "USE_SCHEMA", "CREATE_MODEL");
        await ApiAssert.OkJsonAsync(await CreateSchemaAsync(server.Client, "main", "later"));

        await ApiAssert.OkJsonAsync(await CreateModelAsync(bob, "main", "risk", "fraud"));
        await ApiAssert.OkJsonAsync(await CreateModelAsync(bob, "main", "later", "churn"));

        // The group sees the catalog and its schemas; another catalog stays out of sight and reach.
        await ApiAssert.OkJsonAsync(await CreateCatalogAsync(server.Client, "other"));
        await ApiAssert.OkJsonAsync(await CreateSchemaAsync(server.Client, "other", "risk"));
        var catalogs = await ApiAssert.OkJsonAsync(await bob.GetAsync(Catalogs));
        Assert.Equal(["main"], catalogs["catalogs"]!.AsArray().Select(static c => (string?)c!["name"]));
        var schemas = await ApiAssert.OkJsonAsync(await bob.GetAsync($"{Schemas}?catalog_name=main"));
        Assert.Equal(["main.later", "main.risk"], schemas["schemas"]!.AsArray().Select(static s => (string?)s!["full_name"]));
        await ApiAssert.ErrorAsync(await bob.GetAsync($"{Catalogs}/other"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await CreateModelAsync(bob, "other", "risk", "fraud"), 403, "PERMISSION_DENIED");

        // ALL_PRIVILEGES on a schema stands for each of them there.
        await GrantAsync(server.Client, "catalog", "other", "bob@example.com", "USE_CATALOG");
        await GrantAsync(server.Client, "schema", "other.risk", "bob@example.com", "ALL_PRIVILEGES");
        await ApiAssert.OkJsonAsync(await CreateModelAsync(bob, "other", "risk", "fraud"));
    }

    [Fact]
    public async Task Schema_owner_grants_on_it_others_may_not()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.OkJsonAsync(await CreateCatalogAsync(server.Client, "main"));
        var (_, carolToken) = await server.CreateUserWithTokenAsync("carol@example.com");
        var (_, daveToken) = await server.CreateUserWithTokenAsync("dave@example.com");
        var carol = server.ClientFor(carolToken);
        var dave = server.ClientFor(daveToken);

        // Only admins create catalogs; schemas take USE_CATALOG and CREATE_SCHEMA on the catalog.
        await ApiAssert.ErrorAsync(await CreateCatalogAsync(carol, "mine"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await CreateSchemaAsync(carol, "main", "team"), 403, "PERMISSION_DENIED");
        await GrantAsync(server.Client, "catalog", "main", "carol@example.com", "USE_CATALOG", "CREATE_SCHEMA");
        var schema = await ApiAssert.OkJsonAsync(await CreateSchemaAsync(carol, "main", "team"));
        Assert.Equal("carol@example.com", (string?)schema["owner"]);
        Assert.Equal("main.team", (string?)schema["full_name"]);
        Assert.Equal("main", (string?)schema["catalog_name"]);

        // The owner of the schema grants on it, not on the catalog; a grantee may not grant on.
        await GrantAsync(carol, "schema", "main.team", "dave@example.com", "USE_SCHEMA", "CREATE_MODEL");
        await ApiAssert.ErrorAsync(await ChangeAsync(carol, "catalog", "main", "dave@example.com", ["USE_CATALOG"]), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await ChangeAsync(dave, "schema", "main.team", "dave@example.com", ["ALL_PRIVILEGES"]), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await CreateModelAsync(dave, "main", "team", "fraud"), 403, "PERMISSION_DENIED");
        await GrantAsync(server.Client, "catalog", "main", "dave@example.com", "USE_CATALOG");
        await ApiAssert.OkJsonAsync(await CreateModelAsync(dave, "main", "team", "fraud"));

        // A privilege a securable does not take is a 400 naming those it does.
        var invalid = await ApiAssert.ErrorAsync(await ChangeAsync(carol, "schema", "main.team", "dave@example.com", ["USE_CATALOG"]), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("USE_SCHEMA, CREATE_MODEL, ALL_PRIVILEGES", invalid, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string[]> { ["dave@example.com"] = ["CREATE_MODEL", "USE_SCHEMA"] }, await GrantsAsync(carol, "schema", "main.team"));

        // Not empty, not deleted; the owner deletes it once empty, and its grants go with it.
        await ApiAssert.ErrorAsync(await dave.DeleteAsync($"{Schemas}/main.team"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await carol.DeleteAsync($"{Schemas}/main.team"), 400, "INVALID_PARAMETER_VALUE");
        await ApiAssert.OkJsonAsync(await dave.DeleteAsync($"{RegistryTestKit.Models}/main.team.fraud"));
        await ApiAssert.OkJsonAsync(await carol.DeleteAsync($"{Schemas}/main.team"));
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Schemas}/main.team"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.OkJsonAsync(await CreateSchemaAsync(server.Client, "main", "team"));
        Assert.Empty(await GrantsAsync(server.Client, "schema", "main.team"));
    }

    [Fact]
    public async Task Revoking_takes_effect_on_the_next_request()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.OkJsonAsync(await CreateCatalogAsync(server.Client, "main"));
        await ApiAssert.OkJsonAsync(await CreateSchemaAsync(server.Client, "main", "risk"));
        var (_, token) = await server.CreateUserWithTokenAsync("erin@example.com");
        var erin = server.ClientFor(token);
        await GrantAsync(server.Client, "catalog", "main", "erin@example.com", "USE_CATALOG");
        await GrantAsync(server.Client, "schema", "main.risk", "erin@example.com", "USE_SCHEMA", "CREATE_MODEL");
        await ApiAssert.OkJsonAsync(await CreateModelAsync(erin, "main", "risk", "first"));

        await RevokeAsync(server.Client, "schema", "main.risk", "erin@example.com", "CREATE_MODEL");
        await ApiAssert.ErrorAsync(await CreateModelAsync(erin, "main", "risk", "second"), 403, "PERMISSION_DENIED");

        // Owning the model is not enough to add versions to it without USE_SCHEMA, as in Unity Catalog.
        using var sample = RegistryTestKit.SampleModel();
        await ApiAssert.OkJsonAsync(await erin.PostAsync($"{RegistryTestKit.Models}/main.risk.first/versions", Archive(sample.Path)));
        await RevokeAsync(server.Client, "schema", "main.risk", "erin@example.com", "USE_SCHEMA");
        var denied = await ApiAssert.ErrorAsync(await erin.PostAsync($"{RegistryTestKit.Models}/main.risk.first/versions", Archive(sample.Path)), 403, "PERMISSION_DENIED");
        Assert.Contains("USE_SCHEMA", denied, StringComparison.Ordinal);
        Assert.Single((await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{RegistryTestKit.Models}/main.risk.first/versions")))["model_versions"]!.AsArray());
        Assert.Equal(new Dictionary<string, string[]>(), await GrantsAsync(server.Client, "schema", "main.risk"));
    }

    [Fact]
    public async Task Admin_gets_missing_catalog_and_schema_made_for_a_new_model_and_owns_them()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await RegistryTestKit.CreateModelAsync(server, "fresh", "space", "model-A");

        var catalog = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Catalogs}/fresh"));
        var schema = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Schemas}/fresh.space"));
        Assert.Equal("admin", (string?)catalog["owner"]);
        Assert.Equal("fresh", (string?)catalog["full_name"]);
        Assert.Equal("admin", (string?)schema["owner"]);
        await ApiAssert.ErrorAsync(await CreateCatalogAsync(server.Client, "fresh"), 409, "RESOURCE_ALREADY_EXISTS");
        await ApiAssert.ErrorAsync(await server.Client.DeleteAsync($"{Catalogs}/fresh"), 400, "INVALID_PARAMETER_VALUE");

        // Moving a model to another schema is creating it there: a non-admin owner needs the privileges.
        var (_, token) = await server.CreateUserWithTokenAsync("frank@example.com");
        var frank = server.ClientFor(token);
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{RegistryTestKit.Models}/fresh.space.model-A", """{"owner": "frank@example.com"}"""));
        await ApiAssert.OkJsonAsync(await CreateSchemaAsync(server.Client, "fresh", "other"));
        await ApiAssert.ErrorAsync(await frank.PatchAsync($"{RegistryTestKit.Models}/fresh.space.model-A", Json(new JsonObject { ["new_name"] = "fresh.other.model-A" })), 403, "PERMISSION_DENIED");
        await ApiAssert.OkJsonAsync(await frank.PatchAsync($"{RegistryTestKit.Models}/fresh.space.model-A", Json(new JsonObject { ["new_name"] = "model-B" })));
    }

    private static ByteArrayContent Archive(string folder)
    {
        var content = new ByteArrayContent(RegistryTestKit.TarGzOf(folder));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/gzip");
        return content;
    }
}
