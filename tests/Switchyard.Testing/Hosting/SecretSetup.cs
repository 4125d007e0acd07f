using System.Text.Json.Nodes;

namespace Switchyard.Testing.Hosting;

/// <summary>Secrets put in place through the REST API, for tests whose endpoints or forms refer to them.</summary>
public static class SecretSetup
{
    /// <summary>Creates the secret scope (when new) and puts one secret in it.</summary>
    public static async Task PutSecretAsync(this ServerUnderTest server, string scope, string key, string value)
    {
        // A second scope create answers RESOURCE_ALREADY_EXISTS, which is fine here.
        using var scopeAnswer = await server.PostJsonAsync("/api/2.0/secrets/scopes/create", new JsonObject { ["scope"] = scope });
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/secrets/put",
            new JsonObject { ["scope"] = scope, ["key"] = key, ["string_value"] = value }));
    }
}
