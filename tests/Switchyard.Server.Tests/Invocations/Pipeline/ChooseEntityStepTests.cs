using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Tests.Invocations.Pipeline;

public sealed class ChooseEntityStepTests
{
    [Fact]
    public async Task The_split_chooses_an_entity_and_the_answer_names_it()
    {
        var harness = new StepHarness();
        harness.Invocation.Route = StepHarness.Route(("a", 0), ("b", 100));

        await harness.RunAsync(new ChooseEntityStep());

        Assert.True(harness.Reached);
        Assert.Equal("b", harness.Invocation.Entity.Name);
        Assert.Equal("b", harness.Context.Response.Headers[ChooseEntityStep.ServedModelHeader].ToString());
    }

    [Fact]
    public async Task A_pinned_entity_is_taken_even_with_no_traffic()
    {
        var harness = new StepHarness(servedName: "a");
        harness.Invocation.Route = StepHarness.Route(("a", 0), ("b", 100));

        await harness.RunAsync(new ChooseEntityStep());

        Assert.True(harness.Reached);
        Assert.Equal("a", harness.Invocation.Entity.Name);
    }

    [Fact]
    public async Task An_unknown_pinned_entity_is_404_and_stops_the_query()
    {
        var harness = new StepHarness(servedName: "zz");
        harness.Invocation.Route = StepHarness.Route(("a", 100));

        await harness.RunAsync(new ChooseEntityStep());

        Assert.False(harness.Reached);
        Assert.Equal(404, harness.Context.Response.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", (string?)harness.Error()["error_code"]);
        Assert.Contains("no served entity named zz", (string?)harness.Error()["message"]);
    }

    [Fact]
    public async Task A_route_with_no_traffic_anywhere_is_404()
    {
        var harness = new StepHarness();
        harness.Invocation.Route = StepHarness.Route(("a", 0));

        await harness.RunAsync(new ChooseEntityStep());

        Assert.False(harness.Reached);
        Assert.Contains("routes no traffic", (string?)harness.Error()["message"]);
    }
}
