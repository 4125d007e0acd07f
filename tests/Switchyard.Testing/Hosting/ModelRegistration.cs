using System.Text.Json.Nodes;

namespace Switchyard.Testing.Hosting;

/// <summary>Registers models through the Unity Catalog API, so endpoints under test have versions to serve.</summary>
public static class ModelRegistration
{
    /// <summary>Registers samples/models/model-a and model-b as catalog.schema.model-A and model-B: the mission's two models.</summary>
    public static async Task RegisterSampleModelsAsync(this ServerUnderTest server)
    {
        await server.RegisterModelVersionAsync("catalog.schema.model-A", RepoPaths.SampleModel("model-a"));
        await server.RegisterModelVersionAsync("catalog.schema.model-B", RepoPaths.SampleModel("model-b"));
    }

    /// <summary>
    /// Creates the model <paramref name="fullName"/> (catalog.schema.name) unless it exists and adds a version from
    /// <paramref name="source"/>; answers the new version's number.
    /// </summary>
    public static async Task<int> RegisterModelVersionAsync(this ServerUnderTest server, string fullName, string source)
    {
        var parts = fullName.Split('.');
        var created = await server.PostJsonAsync("/api/2.1/unity-catalog/models",
            new JsonObject { ["catalog_name"] = parts[0], ["schema_name"] = parts[1], ["name"] = parts[2] });
        // 409: the model is already there, which is what a further version needs.
        if ((int)created.StatusCode != 409)
        {
            await ApiAssert.OkJsonAsync(created);
        }

        var version = await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"/api/2.1/unity-catalog/models/{fullName}/versions",
            new JsonObject { ["source"] = source }));
        return (int)version["version"]!;
    }
}
