using System.Text.Json.Nodes;

namespace Switchyard.UiTests.Infrastructure;

/// <summary>Endpoints set up through the API, for tests about what the UI shows of them.</summary>
public static class ApiEndpoints
{
    /// <summary>Creates a one-entity endpoint serving model-A version 1 and waits until it is ready.</summary>
    public static async Task<JsonObject> CreateAsync(ServerUnderTest server, string name)
    {
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
        {
            ["name"] = name,
            ["config"] = new JsonObject
            {
                ["served_entities"] = new JsonArray(new JsonObject
                {
                    ["name"] = "only",
                    ["entity_name"] = "catalog.schema.model-A",
                    ["entity_version"] = "1",
                    ["workload_size"] = "Small",
                    ["scale_to_zero_enabled"] = true,
                }),
            },
        }));
        return await server.WaitUntilReadyAsync(name);
    }
}
