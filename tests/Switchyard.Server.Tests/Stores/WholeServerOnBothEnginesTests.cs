using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Serving;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>
/// The whole server on each engine (<c>--database</c> naming a PostgreSQL database, or SQLite in the
/// data folder): a short day of work through the public API gives the same answers on both, and
/// what it wrote is still there after a restart.
/// </summary>
public sealed class WholeServerOnBothEnginesTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_short_day_of_work_answers_alike_on_both_engines(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        string[] args = db.Setting is { } setting ? ["--database", setting] : [];
        await using var server = await ServerUnderTest.StartAsync(args);

        await MissionScenario.RegisterSamplesAsync(server);
        var models = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.1/unity-catalog/models"));
        Assert.Equal([MissionScenario.ModelA, MissionScenario.ModelB], models["registered_models"]!.AsArray().Select(m => (string?)m!["full_name"]));

        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        Assert.Equal("NOT_UPDATING", (string?)(await MissionScenario.WaitForUpdateAsync(server, "multi-model"))["state"]!["config_update"]);
        for (var i = 0; i < 3; i++)
        {
            var answer = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/multi-model/invocations", MissionScenario.QueryBody));
            // The sample models compute in float32: compare to 4 places, as the other scenario tests do.
            var prediction = MissionScenario.PredictionOf(answer);
            Assert.Contains(new[] { "current", "challenger" }, served => Math.Abs(MissionScenario.Expected(served) - prediction) < 1e-4);
        }

        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", MissionScenario.UpdateTo5050));
        var updated = await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        Assert.Equal(2, (long)updated["config"]!["config_version"]!);
        Assert.Equal([50, 50], updated["config"]!["traffic_config"]!["routes"]!.AsArray().Select(r => (int)r!["traffic_percentage"]!));
        await OwnerTestKit.CreateAsync(server, "Empty", config: null);
        var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints"));
        Assert.Equal(["Empty", "multi-model"], list["endpoints"]!.AsArray().Select(e => (string?)e!["name"]));
        var history = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model/config-history"));
        Assert.Equal([2L, 1L], history["configs"]!.AsArray().Select(c => (long)c!["config_version"]!));

        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/token/create", """{"comment":"laptop"}"""));
        var token = (string)created["token_value"]!;
        await ApiAssert.OkJsonAsync(await server.ClientFor(token).GetAsync("/api/2.0/preview/scim/v2/Me"));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/secrets/scopes/create", """{"scope": "team"}"""));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/secrets/put", """{"scope": "team", "key": "feature_key", "string_value": "v"}"""));
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/secrets/scopes/create", """{"scope": "team"}"""), 409, "RESOURCE_ALREADY_EXISTS");

        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync("/api/2.0/serving-endpoints/multi-model"));
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"), 404, "RESOURCE_DOES_NOT_EXIST");

        // What was written is in the database the flag names (no SQLite file beside a PostgreSQL one), not in the process.
        Assert.Equal(engine == TestDatabase.Sqlite, File.Exists(Path.Combine(server.DataDir, "switchyard.db")));
        await server.RestartAsync();
        await ApiAssert.OkJsonAsync(await server.ClientFor(token).GetAsync("/api/2.0/preview/scim/v2/Me"));
        var secrets = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/secrets/list?scope=team"));
        Assert.Equal(["feature_key"], secrets["secrets"]!.AsArray().Select(s => (string?)s!["key"]));
        var after = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints"));
        Assert.Equal(["Empty"], after["endpoints"]!.AsArray().Select(e => (string?)e!["name"]));
        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync("/api/2.0/serving-endpoints/Empty"));
    }
}
