using System.Text;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Tests.Registry;

/// <summary>Catalogs, schemas and grants on them through the UC routes, for the privilege tests.</summary>
internal static class CatalogGrantKit
{
    public const string Catalogs = "/api/2.1/unity-catalog/catalogs";
    public const string Schemas = "/api/2.1/unity-catalog/schemas";

    public static Task<HttpResponseMessage> CreateCatalogAsync(HttpClient client, string name) =>
        client.PostAsync(Catalogs, Json(new JsonObject { ["name"] = name }));

    public static Task<HttpResponseMessage> CreateSchemaAsync(HttpClient client, string catalog, string name) =>
        client.PostAsync(Schemas, Json(new JsonObject { ["catalog_name"] = catalog, ["name"] = name }));

    public static Task<HttpResponseMessage> CreateModelAsync(HttpClient client, string catalog, string schema, string name) =>
        client.PostAsync(RegistryTestKit.Models, Json(new JsonObject { ["catalog_name"] = catalog, ["schema_name"] = schema, ["name"] = name }));

    /// <summary>PATCH …/permissions/{type}/{name} adding (or with <paramref name="remove"/>, removing) privileges for one principal.</summary>
    public static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string type, string fullName, string principal, string[] privileges, bool remove = false) =>
        client.PatchAsync($"/api/2.1/unity-catalog/permissions/{type}/{fullName}", Json(new JsonObject
        {
            ["changes"] = new JsonArray(new JsonObject
            {
                ["principal"] = principal,
                [remove ? "remove" : "add"] = new JsonArray([.. privileges.Select(static p => (JsonNode)p)]),
            }),
        }));

    public static async Task GrantAsync(HttpClient client, string type, string fullName, string principal, params string[] privileges) =>
        await ApiAssert.OkJsonAsync(await ChangeAsync(client, type, fullName, principal, privileges));

    public static async Task RevokeAsync(HttpClient client, string type, string fullName, string principal, params string[] privileges) =>
        await ApiAssert.OkJsonAsync(await ChangeAsync(client, type, fullName, principal, privileges, remove: true));

    /// <summary>Principal to privileges, as GET …/permissions answers them.</summary>
    public static async Task<Dictionary<string, string[]>> GrantsAsync(HttpClient client, string type, string fullName)
    {
        var answer = await ApiAssert.OkJsonAsync(await client.GetAsync($"/api/2.1/unity-catalog/permissions/{type}/{fullName}"));
        return answer["privilege_assignments"]!.AsArray().ToDictionary(
            static a => (string)a!["principal"]!, static a => a!["privileges"]!.AsArray().Select(static p => (string)p!).ToArray());
    }

    public static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
