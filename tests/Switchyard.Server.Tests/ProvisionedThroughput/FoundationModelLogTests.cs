using Microsoft.OpenApi.Readers;
using Switchyard.Server.Tests.Endpoints;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.ProvisionedThroughput;

/// <summary>A foundation model's build logs say what its GGUF file holds; its OpenAPI document describes chat and completions.</summary>
public sealed class FoundationModelLogTests
{
    [Fact]
    public async Task FoundationModel_BuildLogsShowTheGgufInspection_AndOpenApiTheLlmTasks()
    {
        using var folder = new TempFolder();
        await using var server = await ServerUnderTest.StartAsync();
        await FoundationModels.RegisterTinyAsync(server, folder.Path);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "tiny-llm", "config": {"served_entities": [{"name": "tiny", "entity_name": "system.ai.tiny", "entity_version": "1",
              "min_provisioned_throughput": 0, "max_provisioned_throughput": 2000}]}}
            """));
        await MissionScenario.WaitForUpdateAsync(server, "tiny-llm");

        var logs = await ServedEntityLogTests.LogsAsync(server, "tiny-llm", "tiny", "build-logs");

        Assert.Contains("foundation model system.ai.tiny version 1", logs, StringComparison.Ordinal);
        Assert.Contains("provisioned throughput 0–2000 tokens/s", logs, StringComparison.Ordinal);
        Assert.Contains("GGUF checked: ", logs, StringComparison.Ordinal);
        Assert.Contains("architecture llama", logs, StringComparison.Ordinal);
        Assert.Contains("Creating the gguf runtime", logs, StringComparison.Ordinal);
        Assert.Contains("the entity is ready", logs, StringComparison.Ordinal);
        ServedEntityLogTests.AssertTimestamped(logs);

        await using var body = await server.Client.GetStreamAsync("/api/2.0/serving-endpoints/tiny-llm/openapi");
        var document = new OpenApiStreamReader().Read(body, out var diagnostic);
        Assert.Empty(diagnostic.Errors);
        var request = document.Paths["/serving-endpoints/tiny-llm/served-models/tiny/invocations"]
            .Operations[Microsoft.OpenApi.Models.OperationType.Post].RequestBody.Content["application/json"].Schema;
        Assert.Equal(["messages", "prompt"], request.OneOf.Select(static s => s.Required.Single()));
    }
}
