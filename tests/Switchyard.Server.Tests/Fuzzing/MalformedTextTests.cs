namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// Strings that cannot be text: an escaped lone surrogate (<c>"\ud800"</c>) or raw bytes that are
/// not UTF-8. Each is the caller's mistake, so the answer is a 400 naming the field, never a 500.
/// </summary>
public sealed class MalformedTextTests : IAsyncLifetime
{
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync() => _server = await ServerUnderTest.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"name": "\ud800"}""")]
    [InlineData("""{"name": "ok\udc00"}""")]
    [InlineData("""{"name": "a\ud800\ud800b"}""")]
    public async Task Lone_surrogate_in_endpoint_name_is_a_400_naming_the_field(string body)
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", body), 400, "INVALID_PARAMETER_VALUE");
        Assert.StartsWith("name ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Raw_invalid_utf8_in_endpoint_name_is_a_400(byte[] junk)
    {
        var body = Concat("{\"name\": \"x"u8.ToArray(), junk, "\"}"u8.ToArray());
        var response = await _server.PostBytesAsync("/api/2.0/serving-endpoints", body, "application/json");
        var message = await ApiAssert.ErrorAsync(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.StartsWith("name ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lone_surrogate_deep_in_a_config_names_its_json_path()
    {
        const string body = """
            {"name": "ep", "config": {"served_entities": [{"name": "\ud800", "entity_name": "c.s.m", "entity_version": "1",
              "workload_size": "Small", "scale_to_zero_enabled": true}]}}
            """;
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", body), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("config.served_entities[0].name", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lone_surrogate_in_a_property_name_is_a_400()
    {
        var message = await ApiAssert.ErrorAsync(
            await _server.PostJsonAsync("/api/2.0/serving-endpoints", """{"name": "ep", "config": {"\ud800": 1}}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("config", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_property_names_are_a_400()
    {
        await ApiAssert.ErrorAsync(
            await _server.PostJsonAsync("/api/2.0/serving-endpoints", """{"name": "a", "name": "b"}"""), 400, "INVALID_PARAMETER_VALUE");
    }

    [Theory]
    [InlineData("/api/2.0/secrets/put", """{"scope": "s", "key": "k", "string_value": "\udfff"}""")]
    [InlineData("/api/2.0/secrets/scopes/create", """{"scope": "\ud800"}""")]
    [InlineData("/api/2.0/preview/scim/v2/Users", """{"userName": "\ud800"}""")]
    [InlineData("/api/2.0/token/create", """{"comment": "\ud800"}""")]
    [InlineData("/api/2.1/unity-catalog/models", """{"catalog_name": "c", "schema_name": "s", "name": "\ud800"}""")]
    [InlineData("/serving-endpoints/chat/completions", """{"model": "\ud800", "messages": []}""")]
    public async Task Lone_surrogate_is_a_400_on_other_routes(string path, string body)
    {
        await ApiAssert.ErrorAsync(await _server.PostJsonAsync(path, body), 400, "INVALID_PARAMETER_VALUE");
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(static p => p)];

}
