using static Switchyard.Server.Tests.Registry.RegistryTestKit;

namespace Switchyard.Server.Tests.Registry;

public sealed class ModelAliasTests
{
    [Fact]
    public async Task SetGetMoveDelete_Alias()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await RegisterTwoVersionsAsync(server);

        var set = await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Models}/main.risk.fraud/aliases/champion", """{"version_num": 1}"""));
        Assert.Equal("champion", (string?)set["alias_name"]);
        Assert.Equal(1, (int)set["version_num"]!);
        Assert.Equal("main", (string?)set["catalog_name"]);
        Assert.Equal("risk", (string?)set["schema_name"]);
        Assert.Equal("fraud", (string?)set["model_name"]);

        var resolved = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/aliases/champion"));
        Assert.Equal(1, (int)resolved["version"]!);
        Assert.Equal("champion", (string?)resolved["aliases"]![0]!["alias_name"]);

        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Models}/main.risk.fraud/aliases/champion", """{"version_num": 2}"""));
        Assert.Equal(2, (int)(await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/aliases/champion")))["version"]!);
        var model = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud"));
        Assert.Single(model["aliases"]!.AsArray());
        Assert.Equal(2, (int)model["aliases"]![0]!["version_num"]!);

        Assert.Empty(await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud/aliases/champion")));
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/aliases/champion"), 404, "RESOURCE_DOES_NOT_EXIST");
        var version = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions/2"));
        Assert.Empty(version["aliases"]!.AsArray());
    }

    [Fact]
    public async Task DeleteVersion_RemovesItsAliases()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await RegisterTwoVersionsAsync(server);
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Models}/main.risk.fraud/aliases/champion", """{"version_num": 1}"""));
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Models}/main.risk.fraud/aliases/backup", """{"version_num": 1}"""));
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Models}/main.risk.fraud/aliases/challenger", """{"version_num": 2}"""));

        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud/versions/1"));

        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/aliases/champion"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/aliases/backup"), 404, "RESOURCE_DOES_NOT_EXIST");
        var model = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud"));
        Assert.Equal(["challenger"], model["aliases"]!.AsArray().Select(static a => (string)a!["alias_name"]!));
    }

    [Fact]
    public async Task Set_UnknownVersionOrModel_Is404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await RegisterTwoVersionsAsync(server);
        await ApiAssert.ErrorAsync(await server.PutJsonAsync($"{Models}/main.risk.fraud/aliases/champion", """{"version_num": 9}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.PutJsonAsync($"{Models}/main.risk.nothing/aliases/champion", """{"version_num": 1}"""), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("champion", """{}""", "version_num")]
    [InlineData("champion", """{"version_num": "x"}""", "version_num")]
    [InlineData("champion", """{"version_num": 0}""", "version_num")]
    [InlineData("latest", """{"version_num": 1}""", "alias")]
    [InlineData("v3", """{"version_num": 1}""", "alias")]
    [InlineData("a b", """{"version_num": 1}""", "alias")]
    public async Task Set_BadInput_Is400NamingTheField(string alias, string body, string field)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await RegisterTwoVersionsAsync(server);
        var message = await ApiAssert.ErrorAsync(
            await server.PutJsonAsync($"{Models}/main.risk.fraud/aliases/{Uri.EscapeDataString(alias)}", body), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAlias_Is404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.nothing/aliases/champion"), 404, "RESOURCE_DOES_NOT_EXIST");
        await CreateModelAsync(server, "main", "risk", "fraud");
        var message = await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/aliases/champion"), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains("champion", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud/aliases/champion"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    private static async Task RegisterTwoVersionsAsync(ServerUnderTest server)
    {
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", sample.Path));
        await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", sample.Path));
    }
}
