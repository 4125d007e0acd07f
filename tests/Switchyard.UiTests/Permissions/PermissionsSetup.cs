using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests.Permissions;

/// <summary>Principals made through SCIM, the ACL read through the API, and keyboard moves, for the permissions tests.</summary>
internal static class PermissionsSetup
{
    /// <summary>Creates a user with a token, and a group holding that user.</summary>
    public static async Task<(string UserName, string Token)> UserInGroupAsync(ServerUnderTest server, string userName, string groupName)
    {
        var (userId, token) = await server.CreateUserWithTokenAsync(userName);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/preview/scim/v2/Groups",
            new JsonObject { ["displayName"] = groupName, ["members"] = new JsonArray(new JsonObject { ["value"] = userId }) }));
        return (userName, token);
    }

    /// <summary>The endpoint's ACL as the API answers it, as JSON text (for before/after comparisons).</summary>
    public static async Task<string> AclAsync(ServerUnderTest server, string endpointId) =>
        (await server.GetOkJsonAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}"))["access_control_list"]!.ToJsonString();

    /// <summary>The level the ACL gives the principal named in <paramref name="field"/> directly, or null.</summary>
    public static async Task<string?> DirectLevelAsync(ServerUnderTest server, string endpointId, string field, string name)
    {
        var acl = (await server.GetOkJsonAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}"))["access_control_list"]!.AsArray();
        var entry = acl.FirstOrDefault(e => (string?)e![field] == name && !(bool)e!["all_permissions"]![0]!["inherited"]!);
        return (string?)entry?["all_permissions"]![0]!["permission_level"];
    }

    /// <summary>Queries model-A's endpoint with <paramref name="token"/> and answers the HTTP status.</summary>
    public static async Task<int> QueryStatusAsync(ServerUnderTest server, string token, string endpointName)
    {
        using var client = server.ClientFor(token);
        using var response = await client.PostAsync($"/serving-endpoints/{endpointName}/invocations",
            new StringContent("""{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[1, 2, 3, 4]]}}""", System.Text.Encoding.UTF8, "application/json"));
        return (int)response.StatusCode;
    }

    /// <summary>Presses Tab until <paramref name="target"/> has focus (at most <paramref name="limit"/> times), as a keyboard user would.</summary>
    public static async Task TabToAsync(IPage page, ILocator target, int limit = 40)
    {
        for (var i = 0; i < limit; i++)
        {
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(target).ToBeFocusedAsync(new() { Timeout = 1 });
    }
}
