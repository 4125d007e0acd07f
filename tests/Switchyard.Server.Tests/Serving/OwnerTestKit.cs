using System.Text.Json.Nodes;
using Switchyard.Testing;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Serving;

/// <summary>Bodies and waits the endpoint-owner tests share.</summary>
public static class OwnerTestKit
{
    /// <summary>A config serving one entity under <paramref name="servedName"/>.</summary>
    public static string SingleEntityConfig(string servedName, string model, string version = "1") => $$"""
        {"served_entities": [{"name": "{{servedName}}", "entity_name": "{{model}}", "entity_version": "{{version}}", "workload_size": "Small"}]}
        """;

    /// <summary>Creates <paramref name="name"/> serving <paramref name="config"/> (none when null) and answers the created endpoint.</summary>
    public static async Task<JsonObject> CreateAsync(ServerUnderTest server, string name, string? config)
    {
        var body = config is null ? $$"""{"name": "{{name}}"}""" : $$"""{"name": "{{name}}", "config": {{config}}}""";
        return await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", body));
    }

    /// <summary>Registers <c>catalog.schema.broken</c>: a valid MLflow folder whose ONNX file is garbage, so loading it fails.</summary>
    public static async Task RegisterBrokenAsync(ServerUnderTest server)
    {
        var broken = Path.Combine(server.DataDir + "-samples", "broken");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleModel("model-a")))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(broken, "model.onnx"), "this is not an ONNX model");
        await MissionScenario.RegisterAsync(server, "broken", broken);
    }

    /// <summary>Polls the endpoint until state.ready is READY.</summary>
    public static async Task<JsonObject> WaitUntilReadyAsync(ServerUnderTest server, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var endpoint = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/{name}"));
            if ((string?)endpoint["state"]?["ready"] == "READY")
            {
                return endpoint;
            }

            Assert.True(DateTime.UtcNow < deadline, $"endpoint {name} still not ready: {endpoint.ToJsonString()}");
            await Task.Delay(20);
        }
    }
}
