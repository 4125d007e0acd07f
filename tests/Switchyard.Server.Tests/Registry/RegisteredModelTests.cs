using System.Text.Json.Nodes;
using static Switchyard.Server.Tests.Registry.RegistryTestKit;

namespace Switchyard.Server.Tests.Registry;

public sealed class RegisteredModelTests
{
    [Fact]
    public async Task Create_AnswersRegisteredModelInfo()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var model = await CreateModelAsync(server, "main", "risk", "fraud", "first try");

        Assert.Equal("main.risk.fraud", (string?)model["full_name"]);
        Assert.Equal("fraud", (string?)model["name"]);
        Assert.Equal("main", (string?)model["catalog_name"]);
        Assert.Equal("risk", (string?)model["schema_name"]);
        Assert.Equal("first try", (string?)model["comment"]);
        Assert.Equal("admin", (string?)model["owner"]);
        Assert.Equal("admin", (string?)model["created_by"]);
        Assert.True((long)model["created_at"]! > 1_600_000_000_000);
        Assert.Equal((long)model["created_at"]!, (long)model["updated_at"]!);
        Assert.Empty(model["aliases"]!.AsArray());
    }

    [Fact]
    public async Task Create_Duplicate_Is409AlreadyExists()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var message = await ApiAssert.ErrorAsync(
            await server.PostJsonAsync(Models, """{"catalog_name":"main","schema_name":"risk","name":"fraud"}"""), 409, "RESOURCE_ALREADY_EXISTS");
        Assert.Equal("Registered model 'main.risk.fraud' already exists.", message);
    }

    [Theory]
    [InlineData("""{"schema_name":"risk","name":"fraud"}""", "catalog_name")]
    [InlineData("""{"catalog_name":"main","name":"fraud"}""", "schema_name")]
    [InlineData("""{"catalog_name":"main","schema_name":"risk"}""", "name")]
    [InlineData("""{"catalog_name":"main","schema_name":"risk","name":"a.b"}""", "name")]
    [InlineData("""{"catalog_name":"main","schema_name":"risk","name":"fraud","comment":3}""", "comment")]
    public async Task Create_BadField_Is400NamingIt(string body, string field)
    {
        await using var server = await ServerUnderTest.StartAsync();
        var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync(Models, body), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MalformedJson_Is400WithPosition()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync(Models, "{\"catalog_name\": \"main\"\n \"x\": 1}"), 400, "BAD_REQUEST");
        Assert.Contains("line 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownModel_Is404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var message = await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.nothing"), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains("main.risk.nothing", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NotThreeLevelName_Is400()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/fraud"), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task List_FiltersByCatalogAndSchema()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud");
        await CreateModelAsync(server, "main", "risk", "churn");
        await CreateModelAsync(server, "main", "ops", "load");
        await CreateModelAsync(server, "dev", "risk", "fraud");

        Assert.Equal(["dev.risk.fraud", "main.ops.load", "main.risk.churn", "main.risk.fraud"], await ListNamesAsync(server, ""));
        Assert.Equal(["main.ops.load", "main.risk.churn", "main.risk.fraud"], await ListNamesAsync(server, "?catalog_name=main"));
        Assert.Equal(["main.risk.churn", "main.risk.fraud"], await ListNamesAsync(server, "?catalog_name=main&schema_name=risk"));
    }

    [Fact]
    public async Task List_PagesWithMaxResultsAndToken()
    {
        await using var server = await ServerUnderTest.StartAsync();
        foreach (var name in new[] { "e", "d", "c", "b", "a" })
        {
            await CreateModelAsync(server, "main", "risk", name);
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var query = "?max_results=2" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token));
            var page = await ApiAssert.OkJsonAsync(await server.Client.GetAsync(Models + query));
            seen.AddRange(page["registered_models"]!.AsArray().Select(static m => (string)m!["name"]!));
            token = (string?)page["next_page_token"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(["a", "b", "c", "d", "e"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task List_BadPaging_Is400()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.ErrorAsync(await server.Client.GetAsync(Models + "?max_results=-1"), 400, "INVALID_PARAMETER_VALUE");
        await ApiAssert.ErrorAsync(await server.Client.GetAsync(Models + "?page_token=!!"), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Update_ChangesCommentOwnerAndName()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud", "old");

        var updated = await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{Models}/main.risk.fraud",
            """{"comment":"new","owner":"ops@example.com","new_name":"fraud2"}"""));

        Assert.Equal("main.risk.fraud2", (string?)updated["full_name"]);
        Assert.Equal("new", (string?)updated["comment"]);
        Assert.Equal("ops@example.com", (string?)updated["owner"]);
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud"), 404, "RESOURCE_DOES_NOT_EXIST");
        var fetched = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud2"));
        Assert.Equal("new", (string?)fetched["comment"]);
    }

    [Fact]
    public async Task Update_OnlyComment_KeepsTheRest()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud", "old");
        var updated = await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{Models}/main.risk.fraud", """{"comment":"new"}"""));
        Assert.Equal("main.risk.fraud", (string?)updated["full_name"]);
        Assert.Equal("admin", (string?)updated["owner"]);
    }

    [Fact]
    public async Task Update_RenameOntoExisting_Is409()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud");
        await CreateModelAsync(server, "main", "risk", "churn");
        await ApiAssert.ErrorAsync(await server.PatchJsonAsync($"{Models}/main.risk.fraud", """{"new_name":"churn"}"""), 409, "RESOURCE_ALREADY_EXISTS");
    }

    [Fact]
    public async Task Update_UnknownModel_Is404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.ErrorAsync(await server.PatchJsonAsync($"{Models}/main.risk.nothing", """{"comment":"x"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Delete_RemovesModelAndAnswersEmptyObject()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var answer = await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud"));
        Assert.Empty(answer);
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Names_AreComparedAsGiven()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "Fraud");
        await CreateModelAsync(server, "main", "risk", "fraud");
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.FRAUD"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    private static async Task<string[]> ListNamesAsync(ServerUnderTest server, string query)
    {
        var body = await ApiAssert.OkJsonAsync(await server.Client.GetAsync(Models + query));
        Assert.Null(body["next_page_token"]);
        return [.. body["registered_models"]!.AsArray().Select(static m => (string)m!["full_name"]!)];
    }
}
