using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Routing;
using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Tests.Routing;

public sealed class EndpointRouteTests
{
    private static ServedEntity Entity(string name) => new(
        new ServedEntityConfig(name, "CustomModel", "c.s.m", "1", 1, "Small", false, "me", 0, new JsonObject()),
        static _ => throw new InvalidOperationException("not loaded in these tests"), 4, 16, TimeProvider.System);

    [Theory]
    [InlineData(90, 10)]
    [InlineData(50, 50)]
    [InlineData(60, 40)]
    public void Pick_ManyDraws_FollowTheSplitByChiSquare(int first, int second)
    {
        var a = Entity("a");
        var b = Entity("b");
        var route = new EndpointRoute("e", 1, [a, b], [new TrafficRoute("a", first), new TrafficRoute("b", second)]);
        var counts = new int[2];
        for (var i = 0; i < 200_000; i++)
        {
            counts[route.Pick() == a ? 0 : 1]++;
        }

        ChiSquare.AssertFits(counts, first / 100.0, second / 100.0);
    }

    [Fact]
    public void Pick_ZeroPercentEntity_NeverPickedButFindable()
    {
        var a = Entity("a");
        var b = Entity("b");
        var route = new EndpointRoute("e", 1, [a, b], [new TrafficRoute("a", 100), new TrafficRoute("b", 0)]);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Same(a, route.Pick());
        }

        Assert.Same(b, route.Find("b"));
        Assert.Null(route.Find("c"));
    }

    [Fact]
    public void ChiSquare_DetectsAWrongSplit()
    {
        // A split one point off (89/11 against a claimed 90/10) over the 200,000 draws above must be
        // rejected (chi-square 222), and so must 90.5/9.5 (55.6).
        Assert.True(ChiSquare.Statistic([178_000, 22_000], [0.9, 0.1]) > ChiSquare.Critical(1));
        Assert.True(ChiSquare.Statistic([181_000, 19_000], [0.9, 0.1]) > ChiSquare.Critical(1));
    }
}
