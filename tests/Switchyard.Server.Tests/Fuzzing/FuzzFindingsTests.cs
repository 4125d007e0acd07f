namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// The 500s <see cref="RouteFuzzTests"/> found, each kept as a plain test of its own so it stays
/// fixed even if the fuzzer's seed or cases change.
/// </summary>
public sealed class FuzzFindingsTests : IAsyncLifetime
{
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.1/unity-catalog/models",
            """{"catalog_name": "catalog", "schema_name": "schema", "name": "found"}"""));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"changes": [[]]}""")]
    [InlineData("""{"changes": ["-1"]}""")]
    [InlineData("""{"changes": [1e400]}""")]
    public async Task A_grant_change_that_is_not_an_object_is_a_400_naming_it(string body)
    {
        var message = await ApiAssert.ErrorAsync(
            await _server.PatchJsonAsync("/api/2.1/unity-catalog/permissions/function/catalog.schema.found", body), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("changes[0] must be an object", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/a\\u0000b")]
    [InlineData("file:///a%00b")]
    public async Task A_version_source_holding_a_nul_is_a_400(string source)
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync(
            "/api/2.1/unity-catalog/models/catalog.schema.found/versions", $$"""{"source": "{{source}}"}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("source", message, StringComparison.Ordinal);
    }
}
