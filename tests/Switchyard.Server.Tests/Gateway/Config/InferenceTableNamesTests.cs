using Switchyard.Core.Gateway;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Gateway.Config;

/// <summary>
/// As on Databricks, an enabled inference table's catalog, schema and prefix cannot change: the
/// table must be disabled first. Disabling keeps the names; once disabled, new names are taken.
/// </summary>
public sealed class InferenceTableNamesTests : IAsyncLifetime
{
    private ServerUnderTest _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(_server);
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", GatewayEndpoint.Create("tables")));
        await PutOkAsync("""{"inference_table_config": {"catalog_name": "main", "schema_name": "logs", "enabled": true}}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> PutOkAsync(string body) =>
        (await ApiAssert.OkJsonAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("tables", "/ai-gateway"), body))).ToJsonString();

    [Theory]
    [InlineData("""{"catalog_name": "other", "schema_name": "logs", "enabled": true}""", "catalog_name")]
    [InlineData("""{"catalog_name": "main", "schema_name": "audit", "enabled": false}""", "schema_name")]
    [InlineData("""{"catalog_name": "main", "schema_name": "logs", "table_name_prefix": "renamed", "enabled": true}""", "table_name_prefix")]
    public async Task RenamingAnEnabledTable_IsRefused_SayingToDisableItFirst(string table, string field)
    {
        var message = await ApiAssert.ErrorAsync(await _server.PutJsonAsync(GatewayEndpoint.Path("tables", "/ai-gateway"),
            $$"""{"inference_table_config": {{table}}}"""), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains($"ai_gateway.inference_table_config: the inference table is enabled, so its {field} cannot change", message, StringComparison.Ordinal);
        Assert.Contains("disable it first", message, StringComparison.Ordinal);
        Assert.Equal(new InferenceTableConfig("main", "logs", "tables", true), GatewayEndpoint.Enforced(_server, "tables").InferenceTable);
    }

    [Fact]
    public async Task TheDefaultPrefixGivenOutright_IsNoRename()
    {
        var stored = await PutOkAsync("""{"inference_table_config": {"catalog_name": "main", "schema_name": "logs", "table_name_prefix": "tables", "enabled": true}}""");
        Assert.Contains("\"table_name_prefix\":\"tables\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisablingKeepsTheNames_ThenNewNamesAreTaken()
    {
        var disabled = await PutOkAsync("""{"inference_table_config": {"enabled": false}}""");
        var again = await PutOkAsync("""{"inference_table_config": {"enabled": false}}""");

        Assert.Equal("""{"inference_table_config":{"enabled":false,"catalog_name":"main","schema_name":"logs"}}""", disabled);
        Assert.Equal(disabled, again);
        Assert.Equal(new InferenceTableConfig("main", "logs", "tables", false), GatewayEndpoint.Enforced(_server, "tables").InferenceTable);

        await PutOkAsync("""{"inference_table_config": {"catalog_name": "audit", "schema_name": "serving", "table_name_prefix": "t2", "enabled": true}}""");
        Assert.Equal(new InferenceTableConfig("audit", "serving", "t2", true), GatewayEndpoint.Enforced(_server, "tables").InferenceTable);
    }

    [Fact]
    public async Task RemovingTheBlock_SwitchesTheTableOff()
    {
        await PutOkAsync("""{"usage_tracking_config": {"enabled": true}}""");
        Assert.Null(GatewayEndpoint.Enforced(_server, "tables").InferenceTable);
    }
}
