using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchyard.Llama.Engine;
using Switchyard.Server.Hosting;
using Switchyard.Server.Tests.Endpoints;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.ProvisionedThroughput;

/// <summary>The LLM engine's flags reach the engine a foundation model runs in, and bad values stop the start.</summary>
public sealed class LlmEngineSettingsTests
{
    [Fact]
    public async Task The_slot_flag_sizes_the_engine_and_the_entity_gate()
    {
        using var folder = new TempFolder();
        await using var server = await ServerUnderTest.StartAsync("--llm-slots", "3", "--llm-threads", "1", "--llm-batch-size", "64");
        await FoundationModels.RegisterTinyAsync(server, folder.Path);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "slots", "config": {"served_entities": [{"name": "tiny", "entity_name": "system.ai.tiny", "entity_version": "1",
              "min_provisioned_throughput": 0, "max_provisioned_throughput": 2000}]}}
            """));
        await MissionScenario.WaitForUpdateAsync(server, "slots");

        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/slots/invocations",
            """{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 2}"""));

        // The engine the model runs in reports its own slot count; the gate admits as many.
        Assert.Equal(3, await EndpointMetrics.ReadAsync(server, "slots", "llm_slots", "tiny"));
        var logs = await ServedEntityLogTests.LogsAsync(server, "slots", "tiny", "build-logs");
        Assert.Contains("(3 concurrent requests, a queue of 48)", logs, StringComparison.Ordinal);
        var engine = server.Services.GetRequiredService<LlmEngineOptions>();
        Assert.Equal((3, 1, 64), (engine.Slots, engine.Threads, engine.BatchSize));
    }

    [Fact]
    public async Task Without_the_flags_the_engine_keeps_its_defaults()
    {
        await using var server = await ServerUnderTest.StartAsync();

        var engine = server.Services.GetRequiredService<LlmEngineOptions>();

        Assert.Equal((8, Environment.ProcessorCount, 512), (engine.Slots, engine.Threads, engine.BatchSize));
    }

    [Theory]
    [InlineData("--llm-slots", "0", nameof(ServingOptions.LlmSlots))]
    [InlineData("--llm-slots", "257", nameof(ServingOptions.LlmSlots))]
    [InlineData("--llm-threads", "0", nameof(ServingOptions.LlmThreads))]
    [InlineData("--llm-batch-size", "8", nameof(ServingOptions.LlmBatchSize))]
    public async Task A_value_out_of_range_stops_the_start_naming_the_setting(string flag, string value, string setting)
    {
        using var data = new TempFolder();
        await using var app = SwitchyardHost.Build(["--urls", "http://127.0.0.1:0", "--data-dir", data.Path, flag, value]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
