using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.ProvisionedThroughput;

/// <summary>A foundation model with scale-to-zero unloads its weights when idle, and the next query waits for the reload.</summary>
public sealed class FoundationScaleToZeroTests
{
    [Fact]
    public async Task IdleFoundationModel_UnloadsAndTheNextQueryReloadsIt()
    {
        using var folder = new TempFolder();
        await using var server = await ServerUnderTest.StartAsync("--scale-to-zero-idle", "00:00:00.300");
        await FoundationModels.RegisterTinyAsync(server, folder.Path);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "sleepy-llm", "config": {"served_entities": [{"entity_name": "system.ai.tiny", "entity_version": "1",
              "min_provisioned_throughput": 0, "max_provisioned_throughput": 2000, "scale_to_zero_enabled": true}]}}
            """));
        await MissionScenario.WaitForUpdateAsync(server, "sleepy-llm");
        const string query = """{"prompt": "Hello", "max_tokens": 3, "temperature": 0}""";
        var first = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/sleepy-llm/invocations", query));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await ModelLoadedAsync(server) != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle foundation model never unloaded");
            await Task.Delay(100);
        }

        var second = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/sleepy-llm/invocations", query));
        Assert.Equal((string?)first["choices"]![0]!["text"], (string?)second["choices"]![0]!["text"]);
        Assert.Equal(1, await ModelLoadedAsync(server));
    }

    private static async Task<int> ModelLoadedAsync(ServerUnderTest server)
    {
        var text = await server.Client.GetStringAsync("/api/2.0/serving-endpoints/sleepy-llm/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith("switchyard_model_loaded{", StringComparison.Ordinal));
        return int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
