using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Registry;
using Switchyard.Server.Registry;
using Switchyard.Server.Serving.Events;
using Switchyard.Server.Tests.ExternalModels;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Serving;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// GET …/serving-endpoints/{name}/events over real HTTP: each change the server makes to an
/// endpoint appears once, newest first, with its fields; the timeline survives a restart, is
/// bounded, goes with its endpoint, needs CAN_VIEW and never names a key.
/// </summary>
public sealed class EndpointEventTests
{
    [Fact]
    public async Task EveryChange_IsRecordedOnceNewestFirst_AndSurvivesARestart()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await OwnerTestKit.RegisterBrokenAsync(server);
        await server.CreateUserWithTokenAsync("ana@example.com");
        await OwnerTestKit.CreateAsync(server, "timeline", OwnerTestKit.SingleEntityConfig("current", MissionScenario.ModelA));
        var admin = (string)(await server.WaitUntilReadyAsync("timeline"))["creator"]!;
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/timeline/config",
            OwnerTestKit.SingleEntityConfig("next", "catalog.schema.broken")));
        var failed = await MissionScenario.WaitForUpdateAsync(server, "timeline");
        var reason = (string)failed["state"]!["config_update_message"]!;
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{(string)failed["id"]!}",
            """{"access_control_list": [{"user_name": "ana@example.com", "permission_level": "CAN_QUERY"}]}"""));
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync("/api/2.0/serving-endpoints/timeline/tags", """{"add_tags": [{"key": "team", "value": "risk"}]}"""));
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/timeline/ai-gateway", """{"usage_tracking_config": {"enabled": true}}"""));

        var events = await EventsAsync(server, "timeline");

        Assert.Equal(
            ["AI_GATEWAY_CHANGED", "TAGS_CHANGED", "PERMISSIONS_CHANGED", "UPDATE_FAILED", "CONFIG_VERSION_CREATED",
             "STATE_CHANGED", "STATE_CHANGED", "CONFIG_VERSION_CREATED", "ENDPOINT_CREATED"],
            Types(events));
        AssertNewestFirst(events);
        Assert.Equal("AI gateway changed by " + admin + ": ai_gateway.usage_tracking_config set.", Message(events[0]));
        Assert.Equal("Tags changed by " + admin + ": added team=risk.", Message(events[1]));
        Assert.Equal("Permissions changed by " + admin + ": granted CAN_QUERY to user ana@example.com.", Message(events[2]));
        Assert.All(events.Take(3), e => Assert.Equal(admin, (string?)e["actor"]));
        Assert.All(events.Take(3), e => Assert.Null(e["config_version"]));

        var failure = events[3];
        Assert.Equal(2, (long)failure["config_version"]!);
        Assert.Equal("next", (string?)failure["served_entity_name"]);
        Assert.Null(failure["actor"]);
        Assert.Equal("config_update IN_PROGRESS → UPDATE_FAILED: config version 2 was not deployed. " + reason, Message(failure));
        Assert.Contains("catalog.schema.broken", reason, StringComparison.Ordinal);

        Assert.Equal(2, (long)events[4]["config_version"]!);
        Assert.Equal(admin, (string?)events[4]["actor"]);
        Assert.Equal($"Config version 2 created by {admin}: served entity next (catalog.schema.broken version 1); traffic next 100%. "
            + "Rolling it out (config_update NOT_UPDATING → IN_PROGRESS).", Message(events[4]));
        Assert.Equal("ready NOT_READY → READY: every served entity of config version 1 is deployed.", Message(events[5]));
        Assert.Equal("config_update IN_PROGRESS → NOT_UPDATING: config version 1 now serves.", Message(events[6]));
        Assert.All(events.Skip(5).Take(2), e => Assert.Equal(1, (long)e["config_version"]!));
        Assert.Equal($"Config version 1 created by {admin}: served entity current (catalog.schema.model-A version 1); traffic current 100%. "
            + "Rolling it out (config_update NOT_UPDATING → IN_PROGRESS).", Message(events[7]));
        Assert.Equal(1, (long)events[7]["config_version"]!);
        Assert.Equal($"Endpoint created by {admin}.", Message(events[8]));
        Assert.Equal(admin, (string?)events[8]["actor"]);
        Assert.Null(events[8]["served_entity_name"]);

        await server.RestartAsync();
        await OwnerTestKit.WaitUntilReadyAsync(server, "timeline");
        var after = await EventsAsync(server, "timeline");

        // Everything from before is there, in order, below what the restart itself added (the entity reloading).
        var added = after.Count - events.Count;
        Assert.Equal(events.Select(e => e.ToJsonString()), after.Skip(added).Select(e => e.ToJsonString()));
        Assert.All(after.Take(added), e => Assert.Equal("STATE_CHANGED", (string?)e["type"]));
    }

    [Fact]
    public async Task ScaleToZero_Wake_AndAFailedWake_AreRecorded()
    {
        await using var server = await ServerUnderTest.StartAsync("--scale-to-zero-idle", "00:00:00.300");
        await MissionScenario.RegisterSamplesAsync(server);
        var waker = Path.Combine(server.DataDir + "-samples", "waker");
        Directory.CreateDirectory(waker);
        foreach (var file in Directory.GetFiles(Switchyard.Testing.RepoPaths.SampleModel("model-a")))
        {
            File.Copy(file, Path.Combine(waker, Path.GetFileName(file)));
        }

        await MissionScenario.RegisterAsync(server, "waker", waker);
        await OwnerTestKit.CreateAsync(server, "sleepy", """
            {"served_entities": [{"name": "current", "entity_name": "catalog.schema.waker", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": true}]}
            """);
        await server.WaitUntilReadyAsync("sleepy");
        await WaitForEventAsync(server, "sleepy", "SCALED_TO_ZERO", count: 1);

        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/sleepy/invocations", MissionScenario.QueryBody));
        var woken = await WaitForEventAsync(server, "sleepy", "WOKEN", count: 1);
        var wake = woken.FindIndex(e => (string?)e["type"] == "WOKEN");
        Assert.Equal("SCALED_TO_ZERO", (string?)woken[wake + 1]["type"]);
        Assert.Equal("Served entity 'current' scaled to zero: no request for 00:00:00.3000000. The next request loads it again.", Message(woken[wake + 1]));
        Assert.StartsWith("Served entity 'current' woke up: a request loaded its model again in ", Message(woken[wake]), StringComparison.Ordinal);
        foreach (var item in new[] { woken[wake], woken[wake + 1] })
        {
            Assert.Equal("current", (string?)item["served_entity_name"]);
            Assert.Equal(1, (long)item["config_version"]!);
            Assert.Null(item["actor"]);
        }

        // Its artifact breaks while it sleeps: the next query's load fails, and the endpoint is no longer ready.
        await WaitForEventAsync(server, "sleepy", "SCALED_TO_ZERO", count: 2);
        var version = await server.Services.GetRequiredService<IRegistryStore>().GetVersionAsync(ModelName.Parse("catalog.schema.waker", "name"), 1, CancellationToken.None);
        var folder = server.Services.GetRequiredService<ModelStore>().DirectoryOf(version!);
        foreach (var onnx in Directory.GetFiles(folder, "*.onnx", SearchOption.AllDirectories))
        {
            await File.WriteAllTextAsync(onnx, "no longer an ONNX model");
        }

        var refused = await server.PostJsonAsync("/serving-endpoints/sleepy/invocations", MissionScenario.QueryBody);
        Assert.False(refused.IsSuccessStatusCode);
        await WaitForEventAsync(server, "sleepy", "WAKE_FAILED", count: 1);
        var broken = await WaitForEventAsync(server, "sleepy", "STATE_CHANGED", count: 3);
        Assert.Equal(["STATE_CHANGED", "WAKE_FAILED", "SCALED_TO_ZERO", "WOKEN"], Types(broken).Take(4));
        var wakeFailed = broken[1];
        Assert.Equal("current", (string?)wakeFailed["served_entity_name"]);
        Assert.StartsWith("Served entity 'current' could not be loaded again: ", Message(wakeFailed), StringComparison.Ordinal);
        Assert.StartsWith("ready READY → NOT_READY: served entity 'current' is DEPLOYMENT_FAILED: ", Message(broken[0]), StringComparison.Ordinal);
        Assert.Equal("NOT_READY", (string?)(await server.GetOkJsonAsync("/api/2.0/serving-endpoints/sleepy"))["state"]!["ready"]);
    }

    [Fact]
    public async Task Events_NeedCanView_AndAnUnknownEndpointIs404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, viewerToken) = await server.CreateUserWithTokenAsync("viewer@example.com");
        var (_, strangerToken) = await server.CreateUserWithTokenAsync("stranger@example.com");
        var created = await OwnerTestKit.CreateAsync(server, "private", config: null);
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.0/permissions/serving-endpoints/{(string)created["id"]!}",
            """{"access_control_list": [{"user_name": "viewer@example.com", "permission_level": "CAN_VIEW"}]}"""));

        var seen = List(await ApiAssert.OkJsonAsync(await server.ClientFor(viewerToken).GetAsync("/api/2.0/serving-endpoints/private/events")));
        var denied = await ApiAssert.ErrorAsync(await server.ClientFor(strangerToken).GetAsync("/api/2.0/serving-endpoints/private/events"), 403, "PERMISSION_DENIED");
        var missing = await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/nowhere/events"), 404, "RESOURCE_DOES_NOT_EXIST");

        Assert.Equal(["PERMISSIONS_CHANGED", "ENDPOINT_CREATED"], Types(seen));
        Assert.Contains("CAN_VIEW", denied, StringComparison.Ordinal);
        Assert.Contains("nowhere", missing, StringComparison.Ordinal);
        Assert.EndsWith("without a config.", Message(seen[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxResults_TakesTheNewest_AndABadValueIs400NamingIt()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await OwnerTestKit.CreateAsync(server, "tagged", config: null);
        foreach (var value in new[] { "a", "b", "c" })
        {
            await ApiAssert.OkJsonAsync(await server.PatchJsonAsync("/api/2.0/serving-endpoints/tagged/tags", $$"""{"add_tags": [{"key": "step", "value": "{{value}}"}]}"""));
        }

        var two = await EventsAsync(server, "tagged", "?max_results=2");
        var all = await EventsAsync(server, "tagged", "?max_results=500");

        var admin = (string)all[^1]["actor"]!;
        Assert.Equal([$"Tags changed by {admin}: changed step from b to c.", $"Tags changed by {admin}: changed step from a to b."], two.Select(Message));
        Assert.Equal(["TAGS_CHANGED", "TAGS_CHANGED", "TAGS_CHANGED", "ENDPOINT_CREATED"], Types(all));
        foreach (var bad in new[] { "0", "-1", "501", "ten", "2.5", "" })
        {
            var query = bad.Length == 0 ? "?max_results=1&max_results=2" : "?max_results=" + bad;
            var message = await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/tagged/events" + query), 400, "INVALID_PARAMETER_VALUE");
            Assert.StartsWith("max_results", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PermissionEdits_NameEachGrantAddedChangedAndRemoved_AndWhoMadeThem()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, anaToken) = await server.CreateUserWithTokenAsync("ana@example.com");
        await server.CreateUserWithTokenAsync("bo@example.com");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/preview/scim/v2/Groups", """{"displayName": "analysts"}"""));
        var id = (string)(await OwnerTestKit.CreateAsync(server, "shared", config: null))["id"]!;
        var acl = $"/api/2.0/permissions/serving-endpoints/{id}";
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync(acl, """
            {"access_control_list": [{"user_name": "ana@example.com", "permission_level": "CAN_MANAGE"}, {"user_name": "bo@example.com", "permission_level": "CAN_VIEW"}]}
            """));
        var ana = server.ClientFor(anaToken);

        await ApiAssert.OkJsonAsync(await ana.PutAsync(acl, Json("""
            {"access_control_list": [{"user_name": "ana@example.com", "permission_level": "CAN_MANAGE"}, {"group_name": "analysts", "permission_level": "CAN_QUERY"}]}
            """)));
        await ApiAssert.OkJsonAsync(await ana.PatchAsync(acl, Json("""{"access_control_list": [{"group_name": "analysts", "permission_level": "CAN_VIEW"}]}""")));
        await ApiAssert.OkJsonAsync(await ana.PatchAsync(acl, Json("""{"access_control_list": [{"group_name": "analysts", "permission_level": "CAN_VIEW"}]}""")));

        var events = await EventsAsync(server, "shared");
        Assert.Equal(["PERMISSIONS_CHANGED", "PERMISSIONS_CHANGED", "PERMISSIONS_CHANGED", "ENDPOINT_CREATED"], Types(events));
        Assert.Equal("Permissions changed by ana@example.com: changed group analysts from CAN_QUERY to CAN_VIEW.", Message(events[0]));
        Assert.Equal("Permissions changed by ana@example.com: granted CAN_QUERY to group analysts; removed CAN_VIEW of user bo@example.com.", Message(events[1]));
        Assert.EndsWith(": granted CAN_MANAGE to user ana@example.com; granted CAN_VIEW to user bo@example.com.", Message(events[2]), StringComparison.Ordinal);
        Assert.Equal("ana@example.com", (string?)events[0]["actor"]);
        Assert.Equal("ana@example.com", (string?)events[1]["actor"]);
    }

    [Fact]
    public async Task Timeline_KeepsTheNewestPerEndpoint_AndGoesWithADeletedEndpoint()
    {
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton(new EndpointEventLogOptions { KeepPerEndpoint = 3 }));
        var first = (string)(await OwnerTestKit.CreateAsync(server, "short", config: null))["id"]!;
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            await ApiAssert.OkJsonAsync(await server.PatchJsonAsync("/api/2.0/serving-endpoints/short/tags", $$"""{"add_tags": [{"key": "{{key}}"}]}"""));
        }

        var kept = await EventsAsync(server, "short", "?max_results=3");
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/short/events?max_results=4"), 400, "INVALID_PARAMETER_VALUE");
        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync("/api/2.0/serving-endpoints/short"));
        await OwnerTestKit.CreateAsync(server, "short", config: null);
        var again = await EventsAsync(server, "short");
        var store = server.Services.GetRequiredService<IEndpointEventStore>();
        var stale = await ReadStoreWhenFlushedAsync(server, store, first);

        Assert.Equal(["added d.", "added c.", "added b."], kept.Select(e => Message(e)[(Message(e).IndexOf(": ", StringComparison.Ordinal) + 2)..]));
        Assert.Equal(["ENDPOINT_CREATED"], Types(again));
        Assert.Empty(stale);
    }

    [Fact]
    public async Task ExternalModelEvents_NameProviderAndModel_NeverAKeyOrKeyReference()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var events = await EventsAsync(host.Server, "mix-chat-endpoint");

        var created = events.Single(e => (string?)e["type"] == "CONFIG_VERSION_CREATED");
        Assert.Contains("served entities served_model_name_1 (external model gpt-4 of openai), served_model_name_2 (external model claude-3-opus-20240229 of anthropic)",
            Message(created), StringComparison.Ordinal);
        var text = Text(events);
        Assert.DoesNotContain("secrets/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("api_key", text, StringComparison.Ordinal);
        Assert.DoesNotContain(host.OpenAi.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Anthropic.ApiKey, text, StringComparison.Ordinal);
    }

    private static async Task<List<JsonObject>> EventsAsync(ServerUnderTest server, string name, string query = "") =>
        List(await server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{name}/events{query}"));

    private static List<JsonObject> List(JsonObject answer) => [.. answer["events"]!.AsArray().Select(e => e!.AsObject())];

    /// <summary>Polls the events until <paramref name="count"/> of <paramref name="type"/> are there (they come from background work); answers them all.</summary>
    private static async Task<List<JsonObject>> WaitForEventAsync(ServerUnderTest server, string name, string type, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var events = await EventsAsync(server, name);
            if (events.Count(e => (string?)e["type"] == type) >= count)
            {
                return events;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"fewer than {count} {type} events after 20 s: {Text(events)}");
            await Task.Delay(50);
        }
    }

    /// <summary>Reads the store directly, once a read through the route has let the queue's work before it finish.</summary>
    private static async Task<IReadOnlyList<EndpointEvent>> ReadStoreWhenFlushedAsync(ServerUnderTest server, IEndpointEventStore store, string endpointId)
    {
        await server.Services.GetRequiredService<EndpointEventLog>().ReadAsync(endpointId, 1, CancellationToken.None);
        return await store.ReadAsync(endpointId, 500, CancellationToken.None);
    }

    private static List<string> Types(IEnumerable<JsonObject> events) => [.. events.Select(e => (string)e["type"]!)];

    private static string Message(JsonObject item) => (string)item["message"]!;

    private static string Text(IEnumerable<JsonObject> events) => string.Join("\n", events.Select(e => e.ToJsonString()));

    private static void AssertNewestFirst(List<JsonObject> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True((long)events[i - 1]["timestamp"]! >= (long)events[i]["timestamp"]!, Text(events));
        }
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
