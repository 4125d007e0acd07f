using System.Text.Json;

namespace Switchyard.Server.Tests;

/// <summary>
/// <c>/.well-known/databricks-config</c> as databricks-sdk-py's <c>HostMetadata.from_dict</c>
/// reads it: a 200 JSON object whose <c>workspace_id</c> is a string of digits (sent back as the
/// X-Databricks-Workspace-Id header, parsed with int()), and no <c>oidc_endpoint</c>,
/// <c>account_id</c> or <c>cloud</c>, since this server has none of them.
/// </summary>
public sealed class HostMetadataTests
{
    [Fact]
    public async Task WellKnownConfig_AnswersWithoutCredentials_AWorkspaceIdTheSdkReads()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var response = await server.AnonymousClient().GetAsync("/.well-known/databricks-config");
        var body = await ApiAssert.OkJsonAsync(response);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.String, body["workspace_id"]!.GetValueKind());
        var id = (string)body["workspace_id"]!;
        Assert.Matches("^[1-9][0-9]*$", id);
        Assert.True(long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _), id);
        foreach (var absent in new[] { "oidc_endpoint", "account_id", "cloud", "token_federation_default_oidc_audiences" })
        {
            Assert.False(body.ContainsKey(absent), $"{absent} is in {body.ToJsonString()}");
        }

        // The same installation keeps its id across restarts.
        await server.RestartAsync();
        var again = await ApiAssert.OkJsonAsync(await server.AnonymousClient().GetAsync("/.well-known/databricks-config"));
        Assert.Equal(id, (string?)again["workspace_id"]);
    }

    [Fact]
    public async Task WellKnownConfig_WorkspaceIdSetting_IsAnnounced()
    {
        await using var server = await ServerUnderTest.StartAsync("--Switchyard:WorkspaceId=1234567890123456");
        var body = await ApiAssert.OkJsonAsync(await server.AnonymousClient().GetAsync("/.well-known/databricks-config"));
        Assert.Equal("1234567890123456", (string?)body["workspace_id"]);
    }
}
