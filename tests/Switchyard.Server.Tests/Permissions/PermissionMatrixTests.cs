using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Permissions;

/// <summary>
/// The whole matrix with real tokens of real principals: for each way of holding a level (a
/// user's own grant, a group member's group grant, a service principal's grant) and each level
/// (none, CAN_VIEW, CAN_QUERY, CAN_MANAGE), every endpoint operation answers as allowed or 403,
/// and a denied call changes nothing.
/// </summary>
public sealed class PermissionMatrixTests
{
    public enum Holder
    {
        User,
        GroupMember,
        ServicePrincipal,
    }

    private static readonly string?[] Levels = [null, "CAN_VIEW", "CAN_QUERY", "CAN_MANAGE"];

    private sealed record Principal(string? Level, HttpClient Client, string Name);

    [Theory]
    [InlineData(Holder.User)]
    [InlineData(Holder.GroupMember)]
    [InlineData(Holder.ServicePrincipal)]
    public async Task EndpointOperations_EachLevel_AllowedOr403AndDeniedChangesNothing(Holder holder)
    {
        await using var server = await ServerUnderTest.StartAsync();
        var owner = await SetUpOwnerWithEndpointAsync(server);
        var endpointId = (string)(await ApiAssert.OkJsonAsync(await owner.GetAsync("/api/2.0/serving-endpoints/multi-model")))["id"]!;
        var principals = new List<Principal>();
        var acl = new JsonArray();
        foreach (var level in Levels)
        {
            var (principal, entry) = await CreateHolderAsync(server, holder, level);
            principals.Add(principal);
            if (entry is not null)
            {
                acl.Add(entry);
            }

            if (level == "CAN_MANAGE")
            {
                // Changing the config means serving its models, which needs EXECUTE on them.
                var grantee = (string)(entry!["user_name"] ?? entry["group_name"] ?? entry["service_principal_name"])!;
                await GrantExecuteAsync(server, MissionScenario.ModelA, grantee);
                await GrantExecuteAsync(server, MissionScenario.ModelB, grantee);
            }
        }

        await ApiAssert.OkJsonAsync(await owner.PutAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}", Json(new JsonObject { ["access_control_list"] = acl })));
        var permissionsBefore = await ReadAsync(owner, $"/api/2.0/permissions/serving-endpoints/{endpointId}");

        foreach (var principal in principals)
        {
            var rank = Array.IndexOf(Levels, principal.Level);
            var (canView, canQuery, canManage) = (rank >= 1, rank >= 2, rank >= 3);
            var who = $"{holder} with {principal.Level ?? "no grant"}";
            var client = principal.Client;

            var get = await client.GetAsync("/api/2.0/serving-endpoints/multi-model");
            await ExpectAsync(get, canView, who, "get");
            if (canView)
            {
                Assert.Equal(principal.Level, (string?)(await ApiAssert.OkJsonAsync(get))["permission_level"]);
            }

            var list = await ApiAssert.OkJsonAsync(await client.GetAsync("/api/2.0/serving-endpoints"));
            Assert.True(canView == list["endpoints"]!.AsArray().Any(e => (string?)e!["name"] == "multi-model"), $"{who}: list");

            await ExpectAsync(await client.GetAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}"), canView, who, "get permissions");
            await ExpectAsync(await client.GetAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}/permissionLevels"), canView, who, "permission levels");
            await ExpectAsync(await client.PostAsync("/serving-endpoints/multi-model/invocations", Json(MissionScenario.QueryBody)), canQuery, who, "query");
            await ExpectAsync(await client.PostAsync("/serving-endpoints/multi-model/served-models/challenger/invocations", Json(MissionScenario.QueryBody)), canQuery, who, "query one");

            var versionBefore = await ConfigVersionAsync(owner);
            await ExpectAsync(await client.PutAsync("/api/2.0/serving-endpoints/multi-model/config", Json(MissionScenario.UpdateTo5050)), canManage, who, "update config");
            var endpointAfter = await MissionScenario.WaitForUpdateAsync(server, "multi-model");
            Assert.Equal(canManage ? versionBefore + 1 : versionBefore, (int)endpointAfter["config"]!["config_version"]!);

            // Allowed: a PATCH that re-states the holder's own grant (a no-op). Denied: a PUT that would wipe every grant.
            if (canManage)
            {
                await ExpectAsync(await client.PatchAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}", Json(new JsonObject { ["access_control_list"] = new JsonArray(acl.First(e => e!["permission_level"]!.GetValue<string>() == "CAN_MANAGE")!.DeepClone()) })), true, who, "patch permissions");
            }
            else
            {
                await ExpectAsync(await client.PutAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}", Json("""{"access_control_list": []}""")), false, who, "set permissions");
            }

            Assert.Equal(permissionsBefore.ToJsonString(), (await ReadAsync(owner, $"/api/2.0/permissions/serving-endpoints/{endpointId}")).ToJsonString());

            if (!canManage)
            {
                await ExpectAsync(await client.DeleteAsync("/api/2.0/serving-endpoints/multi-model"), false, who, "delete");
                await ApiAssert.OkJsonAsync(await owner.GetAsync("/api/2.0/serving-endpoints/multi-model"));
            }
        }

        // The CAN_MANAGE holder may delete; the admin sees it gone.
        await ExpectAsync(await principals[^1].Client.DeleteAsync("/api/2.0/serving-endpoints/multi-model"), true, $"{holder} with CAN_MANAGE", "delete");
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task AdminAndCreator_ManageWithoutAnyGrant()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var owner = await SetUpOwnerWithEndpointAsync(server);

        foreach (var client in new[] { owner, server.Client })
        {
            var endpoint = await ApiAssert.OkJsonAsync(await client.GetAsync("/api/2.0/serving-endpoints/multi-model"));
            Assert.Equal("CAN_MANAGE", (string?)endpoint["permission_level"]);
            await ApiAssert.OkJsonAsync(await client.PostAsync("/serving-endpoints/multi-model/invocations", Json(MissionScenario.QueryBody)));
            await ApiAssert.OkJsonAsync(await client.PutAsync("/api/2.0/serving-endpoints/multi-model/config", Json(MissionScenario.UpdateTo5050)));
            await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        }

        // Replacing the ACL cannot take the creator's CAN_MANAGE away.
        var id = (string)(await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model")))["id"]!;
        await ApiAssert.OkJsonAsync(await server.Client.PutAsync($"/api/2.0/permissions/serving-endpoints/{id}", Json("""{"access_control_list": []}""")));
        var endpointForOwner = await ApiAssert.OkJsonAsync(await owner.GetAsync("/api/2.0/serving-endpoints/multi-model"));
        Assert.Equal("CAN_MANAGE", (string?)endpointForOwner["permission_level"]);
        Assert.Equal("owner@example.com", (string?)endpointForOwner["creator"]);
    }

    [Fact]
    public async Task Registry_OwnerChanges_GranteesReadAndServe_OthersAreDenied()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var (_, readerToken) = await server.CreateUserWithTokenAsync("reader@example.com");
        var (_, strangerToken) = await server.CreateUserWithTokenAsync("stranger@example.com");
        var reader = server.ClientFor(readerToken);
        var stranger = server.ClientFor(strangerToken);
        await GrantExecuteAsync(server, MissionScenario.ModelA, "reader@example.com");

        // Reading follows grants.
        await ApiAssert.OkJsonAsync(await reader.GetAsync($"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}"));
        await ApiAssert.OkJsonAsync(await reader.GetAsync($"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}/versions/1"));
        await ApiAssert.ErrorAsync(await reader.GetAsync($"/api/2.1/unity-catalog/models/{MissionScenario.ModelB}"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await stranger.GetAsync($"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}/versions"), 403, "PERMISSION_DENIED");
        var visible = await ApiAssert.OkJsonAsync(await reader.GetAsync("/api/2.1/unity-catalog/models"));
        Assert.Equal([MissionScenario.ModelA], visible["registered_models"]!.AsArray().Select(m => (string?)m!["full_name"]));

        // Changing stays with the owner and admins, and a denied change changes nothing.
        var before = await ReadAsync(server.Client, $"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}");
        await ApiAssert.ErrorAsync(await reader.PatchAsync($"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}", Json("""{"comment": "mine now"}""")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await reader.DeleteAsync($"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}/versions/1"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await reader.PutAsync($"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}/aliases/champion", Json("""{"version_num": 1}""")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await reader.PatchAsync($"/api/2.1/unity-catalog/permissions/function/{MissionScenario.ModelA}", Json("""{"changes": [{"principal": "stranger@example.com", "add": ["EXECUTE"]}]}""")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await reader.PostAsync("/api/2.1/unity-catalog/models", Json("""{"catalog_name": "catalog", "schema_name": "schema", "name": "model-C"}""")), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await reader.PatchAsync("/api/2.1/unity-catalog/permissions/schema/catalog.schema", Json("""{"changes": [{"principal": "reader@example.com", "add": ["CREATE_MODEL"]}]}""")), 403, "PERMISSION_DENIED");
        Assert.Equal(before.ToJsonString(), (await ReadAsync(server.Client, $"/api/2.1/unity-catalog/models/{MissionScenario.ModelA}")).ToJsonString());

        // Serving follows grants: the reader may serve model-A, not model-B.
        await ApiAssert.OkJsonAsync(await reader.PostAsync("/api/2.0/serving-endpoints", Json(
            """{"name": "readers", "config": {"served_entities": [{"name": "a", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}]}}""")));
        var denied = await ApiAssert.ErrorAsync(await reader.PostAsync("/api/2.0/serving-endpoints", Json(MissionScenario.CreateBody)), 403, "PERMISSION_DENIED");
        Assert.Contains(MissionScenario.ModelB, denied, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    /// <summary>The owner, a plain user allowed to serve both sample models, creates the mission's endpoint.</summary>
    private static async Task<HttpClient> SetUpOwnerWithEndpointAsync(ServerUnderTest server)
    {
        await MissionScenario.RegisterSamplesAsync(server);
        var (_, ownerToken) = await server.CreateUserWithTokenAsync("owner@example.com");
        await GrantExecuteAsync(server, MissionScenario.ModelA, "owner@example.com");
        await GrantExecuteAsync(server, MissionScenario.ModelB, "owner@example.com");
        var owner = server.ClientFor(ownerToken);
        await ApiAssert.OkJsonAsync(await owner.PostAsync("/api/2.0/serving-endpoints", Json(MissionScenario.CreateBody)));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        return owner;
    }

    private static async Task<(Principal Principal, JsonObject? AclEntry)> CreateHolderAsync(ServerUnderTest server, Holder holder, string? level)
    {
        var tag = level?.ToLowerInvariant().Replace('_', '-') ?? "none";
        switch (holder)
        {
            case Holder.ServicePrincipal:
                {
                    var (_, applicationId, token) = await server.CreateServicePrincipalWithTokenAsync($"job-{tag}");
                    return (new Principal(level, server.ClientFor(token), applicationId),
                        level is null ? null : new JsonObject { ["service_principal_name"] = applicationId, ["permission_level"] = level });
                }

            case Holder.GroupMember:
                {
                    var userName = $"member-{tag}@example.com";
                    var (userId, token) = await server.CreateUserWithTokenAsync(userName);
                    var group = $"team-{tag}";
                    await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/preview/scim/v2/Groups",
                        new JsonObject { ["displayName"] = group, ["members"] = new JsonArray(new JsonObject { ["value"] = userId }) }.ToJsonString()));
                    return (new Principal(level, server.ClientFor(token), userName),
                        level is null ? null : new JsonObject { ["group_name"] = group, ["permission_level"] = level });
                }

            default:
                {
                    var userName = $"user-{tag}@example.com";
                    var (_, token) = await server.CreateUserWithTokenAsync(userName);
                    return (new Principal(level, server.ClientFor(token), userName),
                        level is null ? null : new JsonObject { ["user_name"] = userName, ["permission_level"] = level });
                }
        }
    }

    private static async Task GrantExecuteAsync(ServerUnderTest server, string model, string principal) =>
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.1/unity-catalog/permissions/function/{model}",
            new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["principal"] = principal, ["add"] = new JsonArray("EXECUTE") }) }.ToJsonString()));

    private static async Task ExpectAsync(HttpResponseMessage response, bool allowed, string who, string operation)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (allowed)
        {
            Assert.True(response.IsSuccessStatusCode, $"{who} should be allowed to {operation}: {(int)response.StatusCode} {text}");
        }
        else
        {
            Assert.True((int)response.StatusCode == 403, $"{who} should be denied {operation}: {(int)response.StatusCode} {text}");
            Assert.Equal("PERMISSION_DENIED", (string?)JsonNode.Parse(text)!["error_code"]);
        }
    }

    private static async Task<int> ConfigVersionAsync(HttpClient client) =>
        (int)(await ReadAsync(client, "/api/2.0/serving-endpoints/multi-model"))["config"]!["config_version"]!;

    private static async Task<JsonObject> ReadAsync(HttpClient client, string path) => await ApiAssert.OkJsonAsync(await client.GetAsync(path));

    private static StringContent Json(JsonObject body) => Json(body.ToJsonString());

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
