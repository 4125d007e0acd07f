using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>
/// <c>instance_profile_arn</c> on a served entity is refused with a 400 saying why (this server
/// attaches no AWS instance profile), instead of being stored and ignored; null is no value.
/// </summary>
public sealed class InstanceProfileTests(RegisteredModelsHost host) : IClassFixture<RegisteredModelsHost>
{
    private static string Create(string name, string profile) => $$$"""
        {"name": "{{{name}}}", "config": {"served_entities": [
          {"name": "only", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small",
           "instance_profile_arn": {{{profile}}}}]}}
        """;

    [Fact]
    public async Task An_instance_profile_is_400_and_changes_nothing()
    {
        var message = await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints",
            Create("profiled", "\"arn:aws:iam::123456789012:instance-profile/x\"")), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("served_entities[0].instance_profile_arn is not supported", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/profiled"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task A_null_instance_profile_is_accepted()
    {
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", Create("unprofiled", "null")));
    }
}
