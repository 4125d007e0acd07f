using System.Text.Json.Nodes;

namespace Switchyard.Server.Tests.Infrastructure;

/// <summary>Creates principals through SCIM so that grants to them are accepted.</summary>
public static class PrincipalSetup
{
    /// <summary>Names with '@' become users, the others empty groups.</summary>
    public static async Task CreatePrincipalsAsync(this ServerUnderTest server, params string[] names)
    {
        foreach (var name in names)
        {
            var (path, body) = name.Contains('@', StringComparison.Ordinal)
                ? ("Users", new JsonObject { ["userName"] = name })
                : ("Groups", new JsonObject { ["displayName"] = name });
            await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"/api/2.0/preview/scim/v2/{path}", body.ToJsonString()));
        }
    }
}
