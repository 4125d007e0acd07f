using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Server.Drivers;
using Switchyard.Server.Drivers.CustomModels;

namespace Switchyard.Server.Tests.Drivers;

/// <summary>A custom model's gate is sized by its concurrency range's max, or else by its workload size.</summary>
public sealed class CustomModelSizingTests
{
    private static readonly CustomModelDriver Driver = new(new RegistryLoader(null!, null!, []));

    private static ServedEntityConfig Custom(string workloadSize, ProvisionedConcurrency? range = null) =>
        new("m", CustomModelDriver.KindName, "c.s.m", "1", 1, workloadSize, false, "me", 0, new JsonObject(), Concurrency: range);

    [Fact]
    public void Range_max_sizes_the_gate()
    {
        Assert.Equal(12, Driver.SlotsOf(Custom("", new ProvisionedConcurrency(4, 12))));
    }

    [Theory]
    [InlineData("Small", 4)]
    [InlineData("Medium", 16)]
    [InlineData("Large", 64)]
    public void Without_a_range_the_workload_size_sizes_the_gate(string size, int slots)
    {
        Assert.Equal(slots, Driver.SlotsOf(Custom(size)));
    }

    [Fact]
    public void A_changed_range_is_not_the_same_entity()
    {
        Assert.False(Custom("", new ProvisionedConcurrency(4, 8)).RunsSameAs(Custom("", new ProvisionedConcurrency(4, 12))));
        Assert.True(Custom("", new ProvisionedConcurrency(4, 8)).RunsSameAs(Custom("", new ProvisionedConcurrency(4, 8))));
    }
}
