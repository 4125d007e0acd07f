using System.Text.Json.Nodes;

namespace Switchyard.Testing.Hosting;

/// <summary>
/// Principals other than the admin, each with a token the admin minted on its behalf, for tests
/// about what someone without the admin's rights may do.
/// </summary>
public static class PrincipalTokens
{
    /// <summary>Creates a user through SCIM and has the admin mint a token for it (on-behalf-of, by user_name).</summary>
    public static async Task<(string Id, string Token)> CreateUserWithTokenAsync(this ServerUnderTest server, string userName, long? lifetimeSeconds = null)
    {
        var user = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/preview/scim/v2/Users",
            new JsonObject { ["userName"] = userName }));
        var token = await server.MintAsync(new JsonObject { ["user_name"] = userName }, lifetimeSeconds);
        return ((string)user["id"]!, token);
    }

    /// <summary>Creates a service principal through SCIM and has the admin mint a token for it (on-behalf-of, by application_id).</summary>
    public static async Task<(string Id, string ApplicationId, string Token)> CreateServicePrincipalWithTokenAsync(this ServerUnderTest server, string displayName)
    {
        var principal = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/preview/scim/v2/ServicePrincipals",
            new JsonObject { ["displayName"] = displayName }));
        var applicationId = (string)principal["applicationId"]!;
        var token = await server.MintAsync(new JsonObject { ["application_id"] = applicationId }, null);
        return ((string)principal["id"]!, applicationId, token);
    }

    private static async Task<string> MintAsync(this ServerUnderTest server, JsonObject request, long? lifetimeSeconds)
    {
        request["comment"] = "test";
        if (lifetimeSeconds is { } seconds)
        {
            request["lifetime_seconds"] = seconds;
        }

        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/token-management/on-behalf-of/tokens", request));
        return (string)created["token_value"]!;
    }
}
