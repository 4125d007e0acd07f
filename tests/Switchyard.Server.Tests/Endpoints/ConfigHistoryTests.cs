using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Serving;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// The config history over real HTTP: GET …/config-history keeps every accepted version whole,
/// newest first, with author, reason and a diff, across a restart and not past a delete; a
/// rollback applies an old version as a new one, answered like PUT …/config.
/// </summary>
public sealed class ConfigHistoryTests
{
    private const string Path = "/api/2.0/serving-endpoints";

    private static readonly string Split = """
        {"served_entities": [
            {"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"},
            {"name": "challenger", "entity_name": "catalog.schema.model-B", "entity_version": "1", "workload_size": "Small"}],
         "traffic_config": {"routes": [{"served_model_name": "current", "traffic_percentage": 80}, {"served_model_name": "challenger", "traffic_percentage": 20}]},
         "reason": "try B on a fifth"}
        """;

    [Fact]
    public async Task EveryAcceptedVersion_IsKeptNewestFirst_WithAuthorReasonAndDiff_AndSurvivesARestart()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var admin = (string)(await OwnerTestKit.CreateAsync(server, "history", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA)))["creator"]!;
        await MissionScenario.WaitForUpdateAsync(server, "history");
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Path}/history/config", Split));
        await MissionScenario.WaitForUpdateAsync(server, "history");

        var configs = await HistoryAsync(server, "history");

        Assert.Equal([2L, 1L], configs.Select(c => (long)c["config_version"]!));
        Assert.All(configs, c => Assert.Equal(admin, (string?)c["author"]));
        Assert.Equal("try B on a fifth", (string?)configs[0]["reason"]);
        Assert.Null(configs[1]["reason"]);
        Assert.True((long)configs[0]["timestamp"]! >= (long)configs[1]["timestamp"]!);
        var config = configs[0]["config"]!;
        Assert.Equal(2, (long)config["config_version"]!);
        Assert.Equal(["current", "challenger"], config["served_entities"]!.AsArray().Select(e => (string?)e!["name"]));
        Assert.Equal("catalog.schema.model-B", (string?)config["served_entities"]![1]!["entity_name"]);
        Assert.Null(config["served_entities"]![0]!["state"]);
        Assert.Equal(20, (int)config["traffic_config"]!["routes"]![1]!["traffic_percentage"]!);
        Assert.Null(config["reason"]);

        // The first version has nothing before it; the second names each change.
        Assert.Empty(configs[1]["diff"]!.AsArray());
        var diff = configs[0]["diff"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => (string)c["path"]!);
        Assert.Equal(["served_entities[challenger]", "traffic_config.routes[challenger]", "traffic_config.routes[current].traffic_percentage"],
            diff.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, diff.Count);
        Assert.Null(diff["served_entities[challenger]"]["from"]);
        Assert.Equal("catalog.schema.model-B", (string?)diff["served_entities[challenger]"]["to"]!["entity_name"]);
        Assert.Equal((100, 80), ((int)diff["traffic_config.routes[current].traffic_percentage"]["from"]!, (int)diff["traffic_config.routes[current].traffic_percentage"]["to"]!));
        Assert.Equal(20, (int)diff["traffic_config.routes[challenger]"]["to"]!["traffic_percentage"]!);

        var newest = await HistoryAsync(server, "history", "?max_results=1");
        Assert.Equal(2, (long)Assert.Single(newest)["config_version"]!);

        await server.RestartAsync();
        await MissionScenario.WaitForUpdateAsync(server, "history");
        var after = await HistoryAsync(server, "history");
        Assert.Equal(configs.Select(c => c.ToJsonString()), after.Select(c => c.ToJsonString()));
    }

    [Fact]
    public async Task History_GoesWithADeletedEndpoint_NeedsCanView_AndRefusesABadMaxResults()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var (_, viewerToken) = await server.CreateUserWithTokenAsync("viewer@example.com");
        var (_, strangerToken) = await server.CreateUserWithTokenAsync("stranger@example.com");
        await OwnerTestKit.CreateAsync(server, "gone", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA));
        await MissionScenario.WaitForUpdateAsync(server, "gone");
        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"{Path}/gone"));
        var id = (string)(await OwnerTestKit.CreateAsync(server, "gone", config: null))["id"]!;
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{id}",
            """{"access_control_list": [{"user_name": "viewer@example.com", "permission_level": "CAN_VIEW"}]}"""));

        var seen = await ApiAssert.OkJsonAsync(await server.ClientFor(viewerToken).GetAsync($"{Path}/gone/config-history"));
        Assert.Empty(seen["configs"]!.AsArray());
        var denied = await ApiAssert.ErrorAsync(await server.ClientFor(strangerToken).GetAsync($"{Path}/gone/config-history"), 403, "PERMISSION_DENIED");
        Assert.Contains("CAN_VIEW", denied, StringComparison.Ordinal);
        var missing = await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Path}/nowhere/config-history"), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains("nowhere", missing, StringComparison.Ordinal);
        foreach (var bad in new[] { "0", "1001", "ten", "-1" })
        {
            var message = await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Path}/gone/config-history?max_results={bad}"), 400, "INVALID_PARAMETER_VALUE");
            Assert.StartsWith("max_results", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rollback_IsANewVersionAnsweredLikePut_AndServesTheOldEntities()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await OwnerTestKit.CreateAsync(server, "back", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA));
        await MissionScenario.WaitForUpdateAsync(server, "back");
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Path}/back/config", OwnerTestKit.SingleEntityConfig("challenger", MissionScenario.ModelB)));
        await MissionScenario.WaitForUpdateAsync(server, "back");

        var response = await server.PostJsonAsync($"{Path}/back/config/rollback", """{"config_version": 1, "reason": "B is worse"}""");
        var answer = await ApiAssert.OkJsonAsync(response);

        // The answer is PUT …/config's: the endpoint, with version 3 pending (or, if already done, serving).
        Assert.Equal("back", (string?)answer["name"]);
        Assert.Equal(3, (long)(answer["pending_config"] ?? answer["config"])!["config_version"]!);
        Assert.Equal("current", (string?)(answer["pending_config"] ?? answer["config"])!["served_entities"]![0]!["name"]);
        Assert.Equal("\"3\"", response.Headers.ETag?.ToString());
        var done = await MissionScenario.WaitForUpdateAsync(server, "back");
        Assert.Equal("NOT_UPDATING", (string?)done["state"]!["config_update"]);
        Assert.Equal(3, (long)done["config"]!["config_version"]!);
        Assert.Equal(["current"], done["config"]!["served_entities"]!.AsArray().Select(e => (string?)e!["name"]));
        var prediction = MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(
            await server.PostJsonAsync("/serving-endpoints/back/invocations", MissionScenario.QueryBody)));
        Assert.Equal(MissionScenario.Expected("current"), prediction, 5);

        var configs = await HistoryAsync(server, "back");
        Assert.Equal([3L, 2L, 1L], configs.Select(c => (long)c["config_version"]!));
        Assert.Equal("B is worse", (string?)configs[0]["reason"]);
        var paths = configs[0]["diff"]!.AsArray().Select(c => (string)c!["path"]!).ToList();
        Assert.Contains("served_entities[current]", paths);
        Assert.Contains("served_entities[challenger]", paths);
        Assert.Equal(ServedOf(configs[2]), ServedOf(configs[0]));
    }

    [Fact]
    public async Task Rollback_Refuses_AnUnknownVersion_ABadBody_ACallerWhoCannotManage_AndAnUpdateInProgress()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await OwnerTestKit.RegisterBrokenAsync(server);
        var (_, queryToken) = await server.CreateUserWithTokenAsync("querier@example.com");
        var id = (string)(await OwnerTestKit.CreateAsync(server, "refuse", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA)))["id"]!;
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{id}",
            """{"access_control_list": [{"user_name": "querier@example.com", "permission_level": "CAN_QUERY"}]}"""));
        await MissionScenario.WaitForUpdateAsync(server, "refuse");

        var unknown = await ApiAssert.ErrorAsync(await server.PostJsonAsync($"{Path}/refuse/config/rollback", """{"config_version": 9}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains("Config version 9", unknown, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await server.PostJsonAsync($"{Path}/nowhere/config/rollback", """{"config_version": 1}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        foreach (var (body, field) in new[]
                 {
                     ("{}", "config_version"), ("""{"config_version": "1"}""", "config_version"), ("""{"config_version": 0}""", "config_version"),
                     ("""{"config_version": 1, "reason": 5}""", "reason"), ("""{"config_version": 1, "why": "x"}""", "why"),
                 })
        {
            var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync($"{Path}/refuse/config/rollback", body), 400, "INVALID_PARAMETER_VALUE");
            Assert.StartsWith(field, message, StringComparison.Ordinal);
        }

        var denied = await server.ClientFor(queryToken).PostAsync($"{Path}/refuse/config/rollback", Json("""{"config_version": 1}"""));
        Assert.Contains("CAN_MANAGE", await ApiAssert.ErrorAsync(denied, 403, "PERMISSION_DENIED"), StringComparison.Ordinal);
        var badReason = await ApiAssert.ErrorAsync(await server.PutJsonAsync($"{Path}/refuse/config",
            """{"served_entities": [{"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}], "reason": ["no"]}"""),
            400, "INVALID_PARAMETER_VALUE");
        Assert.StartsWith("reason", badReason, StringComparison.Ordinal);

        // While an update is under way a rollback is refused as PUT is; the broken model keeps it in progress a moment at most, so hold it with a slow PUT first.
        Assert.Equal(1, (long)Assert.Single(await HistoryAsync(server, "refuse"))["config_version"]!);
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Path}/refuse/config", OwnerTestKit.SingleEntityConfig("next", "catalog.schema.broken")));
        var during = await server.PostJsonAsync($"{Path}/refuse/config/rollback", """{"config_version": 1}""");
        if ((int)during.StatusCode == 409)
        {
            Assert.Contains("already being updated", await ApiAssert.ErrorAsync(during, 409, "RESOURCE_CONFLICT"), StringComparison.Ordinal);
        }
        else
        {
            // The broken load failed first: the rollback then applies, as PUT would.
            await ApiAssert.OkJsonAsync(during);
        }
    }

    [Fact]
    public async Task IfMatch_RefusesAStaleVersionWith412_AndOfTwoRacingWritersExactlyOneWins()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await OwnerTestKit.CreateAsync(server, "race", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA));
        await MissionScenario.WaitForUpdateAsync(server, "race");
        var get = await server.Client.GetAsync($"{Path}/race");
        Assert.Equal("\"1\"", get.Headers.ETag?.ToString());

        var stale = await SendAsync(server, HttpMethod.Put, $"{Path}/race/config", OwnerTestKit.SingleEntityConfig("challenger", MissionScenario.ModelB), "\"7\"");
        var message = await ApiAssert.ErrorAsync(stale, 412, "RESOURCE_CONFLICT");
        Assert.Contains("current config version of serving endpoint race is 1", message, StringComparison.Ordinal);
        var staleRollback = await SendAsync(server, HttpMethod.Post, $"{Path}/race/config/rollback", """{"config_version": 1}""", "0");
        await ApiAssert.ErrorAsync(staleRollback, 412, "RESOURCE_CONFLICT");
        var bad = await SendAsync(server, HttpMethod.Put, $"{Path}/race/config", OwnerTestKit.SingleEntityConfig("challenger", MissionScenario.ModelB), "\"one\"");
        Assert.StartsWith("If-Match", await ApiAssert.ErrorAsync(bad, 400, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
        Assert.Equal(1, (long)Assert.Single(await HistoryAsync(server, "race"))["config_version"]!);

        // A bare number matches as a quoted one does.
        await ApiAssert.OkJsonAsync(await SendAsync(server, HttpMethod.Put, $"{Path}/race/config", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA, "1"), "1"));
        await MissionScenario.WaitForUpdateAsync(server, "race");

        for (var round = 0; round < 5; round++)
        {
            var current = (long)(await MissionScenario.WaitForUpdateAsync(server, "race"))["config"]!["config_version"]!;
            using var barrier = new Barrier(2);
            var writers = new[] { "current", "challenger" }.Select(served => Task.Run(async () =>
            {
                var body = OwnerTestKit.SingleEntityConfig(served, served == "current" ? MissionScenario.ModelA : MissionScenario.ModelB);
                barrier.SignalAndWait();
                return await SendAsync(server, HttpMethod.Put, $"{Path}/race/config", body, $"\"{current}\"");
            })).ToArray();
            var statuses = (await Task.WhenAll(writers)).Select(r => (int)r.StatusCode).Order().ToArray();
            Assert.Equal([200, 412], statuses);
        }

        var configs = await HistoryAsync(server, "race");
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(v => (long)v), configs.Select(c => (long)c["config_version"]!));
    }

    private static Task<HttpResponseMessage> SendAsync(ServerUnderTest server, HttpMethod method, string path, string body, string ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = Json(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return server.Client.SendAsync(request);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static string ServedOf(JsonObject entry) =>
        string.Join(",", entry["config"]!["served_entities"]!.AsArray().Select(e => $"{e!["name"]}:{e["entity_name"]}"));

    private static async Task<List<JsonObject>> HistoryAsync(ServerUnderTest server, string name, string query = "") =>
        [.. (await server.GetOkJsonAsync($"{Path}/{name}/config-history{query}"))["configs"]!.AsArray().Select(c => c!.AsObject())];
}
