using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// <c>workload_type</c>: this server runs models on CPU only, so GPU types are refused with a 400
/// saying so instead of being run on CPU silently, and the CPU types are accepted and echoed.
/// </summary>
public sealed class WorkloadTypeTests(RegisteredModelsHost host) : IClassFixture<RegisteredModelsHost>
{
    private static string Create(string name, string workloadType) => $$$"""
        {"name": "{{{name}}}", "config": {"served_entities": [
          {"name": "typed", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small",
           "workload_type": "{{{workloadType}}}"}]}}
        """;

    [Theory]
    [InlineData("GPU_SMALL")]
    [InlineData("GPU_MEDIUM")]
    [InlineData("GPU_LARGE")]
    [InlineData("GPU_XLARGE_8")]
    [InlineData("MULTIGPU_MEDIUM")]
    public async Task Gpu_workload_type_is_400_saying_the_server_runs_on_cpu_only(string workloadType)
    {
        var message = await ApiAssert.ErrorAsync(
            await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("gpu-refused", workloadType)), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains($"served_entities[0].workload_type '{workloadType}' asks for GPU compute, but this server runs models on CPU only", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/gpu-refused"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Unknown_workload_type_is_400_naming_it()
    {
        var message = await ApiAssert.ErrorAsync(
            await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("tpu-refused", "TPU_V4")), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("served_entities[0].workload_type 'TPU_V4' is not a workload type this server knows; it runs models on CPU only", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CPU")]
    [InlineData("CPU_MEDIUM")]
    public async Task Cpu_workload_type_is_accepted_and_echoed(string workloadType)
    {
        var name = "cpu-" + workloadType.ToLowerInvariant().Replace('_', '-');
        var created = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create(name, workloadType)));

        Assert.Equal(workloadType, (string?)created["pending_config"]!["served_entities"]![0]!["workload_type"]);
    }
}
