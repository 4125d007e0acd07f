using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Serving;

/// <summary>
/// The data plane checks CAN_QUERY against the endpoint's published state: a grant or a revoke
/// acknowledged by the permissions API holds for the very next query.
/// </summary>
public sealed class PermissionChangeTests
{
    [Fact]
    public async Task Query_RightAfterAGrantOrARevoke_FollowsIt()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var created = await OwnerTestKit.CreateAsync(server, "guarded", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA));
        await MissionScenario.WaitForUpdateAsync(server, "guarded");
        var permissions = $"/api/2.0/permissions/serving-endpoints/{(string)created["id"]!}";
        var (_, token) = await server.CreateUserWithTokenAsync("analyst@example.com");
        var analyst = server.ClientFor(token);

        for (var round = 0; round < 3; round++)
        {
            await ApiAssert.ErrorAsync(await QueryAsync(analyst), 403, "PERMISSION_DENIED");

            await ApiAssert.OkJsonAsync(await server.PatchJsonAsync(permissions, Acl("analyst@example.com", "CAN_QUERY")));
            var answer = await ApiAssert.OkJsonAsync(await QueryAsync(analyst));
            Assert.Equal(MissionScenario.Expected("current"), MissionScenario.PredictionOf(answer), 4);

            await ApiAssert.OkJsonAsync(await server.PutJsonAsync(permissions, """{"access_control_list": []}"""));
        }

        // A lower grant does not let the analyst query either, from the first query on.
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync(permissions, Acl("analyst@example.com", "CAN_VIEW")));
        await ApiAssert.ErrorAsync(await QueryAsync(analyst), 403, "PERMISSION_DENIED");
        await ApiAssert.OkJsonAsync(await analyst.GetAsync("/api/2.0/serving-endpoints/guarded"));
    }

    private static Task<HttpResponseMessage> QueryAsync(HttpClient client) =>
        client.PostAsync("/serving-endpoints/guarded/invocations", new StringContent(MissionScenario.QueryBody, System.Text.Encoding.UTF8, "application/json"));

    private static string Acl(string user, string level) => new JsonObject
    {
        ["access_control_list"] = new JsonArray(new JsonObject { ["user_name"] = user, ["permission_level"] = level }),
    }.ToJsonString();
}
