using Microsoft.Extensions.DependencyInjection;
using Switchyard.Server.Invocations.Pipeline;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Invocations.Pipeline;

/// <summary>The order of the data plane's steps is a contract: the gateway's steps slot in between them.</summary>
public sealed class PipelineOrderTests
{
    [Fact]
    public async Task The_path_names_the_endpoint_so_nothing_is_read_before_the_caller_may_query()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var pipelines = server.Services.GetRequiredService<InvocationPipelines>();

        Assert.Equal(["ResolveEndpoint", "Capture", "Authorize", "ChooseEntity", "ReadBody", "ChooseByBody", "Limit", "Guard", "Shadow", "InvokeDriver"], pipelines.ByPath.Select(s => s.Name));
        Assert.Equal(["ReadBody", "ReadModelField", "ResolveEndpoint", "Capture", "Authorize", "ChooseEntity", "Limit", "Guard", "Shadow", "InvokeDriver"], pipelines.ByModelField.Select(s => s.Name));
    }
}
