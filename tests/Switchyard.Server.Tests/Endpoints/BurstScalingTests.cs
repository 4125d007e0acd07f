using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// <c>burst_scaling_enabled: true</c> on a custom model is refused with a 400 saying why (one host
/// has no extra replicas to burst onto), as it is for foundation models, instead of being stored
/// and ignored; false (or absent) is accepted.
/// </summary>
public sealed class BurstScalingTests(RegisteredModelsHost host) : IClassFixture<RegisteredModelsHost>
{
    private static string Create(string name, bool burst) => $$$"""
        {"name": "{{{name}}}", "config": {"served_entities": [
          {"name": "bursty", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small",
           "burst_scaling_enabled": {{{(burst ? "true" : "false")}}}}]}}
        """;

    [Fact]
    public async Task Burst_scaling_on_a_custom_model_is_400_and_changes_nothing()
    {
        var message = await ApiAssert.ErrorAsync(
            await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("burst-refused", burst: true)), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("served_entities[0].burst_scaling_enabled: this server cannot burst above the provisioned rate", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/burst-refused"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Burst_scaling_false_is_accepted()
    {
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("burst-off", burst: false)));
    }
}
