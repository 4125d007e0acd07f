using Switchyard.Core.Endpoints;
using Switchyard.Core.Experiments;

namespace Switchyard.Core.Tests.Experiments;

/// <summary>A rollout step's split: the candidate's share, the rest in the baseline's proportions, summing to 10000 basis points.</summary>
public sealed class RolloutSplitTests
{
    [Fact]
    public void TheBaselineKeepsItsProportions()
    {
        var shares = RolloutSplit.Shares([new("a", 70), new("b", 30), new("next", 0)], "next", 2500);

        Assert.Equal([("a", 5250), ("b", 2250), ("next", 2500)], shares);
    }

    [Fact]
    public void Remainders_GoToTheLargestFractions_AndTheSharesSumTo10000()
    {
        var shares = RolloutSplit.Shares([new("a", 34), new("b", 33), new("c", 33), new("off", 0)], "c", 1);

        Assert.Equal(10_000, shares.Sum(s => s.BasisPoints));
        Assert.Equal(("c", 1), shares.Single(s => s.Name == "c"));
        Assert.Equal(("off", 0), shares.Single(s => s.Name == "off"));
        // 9999 split 34:33 is 5074.1 : 4924.9, so b takes the one basis point left.
        Assert.Equal([("a", 5074), ("b", 4925)], shares.Where(s => s.Name is "a" or "b"));
    }

    [Fact]
    public void ACandidateWithoutARoute_IsAppended_AndAtFullWeightTheBaselineGoesToZero()
    {
        var shares = RolloutSplit.Shares([new TrafficRoute("a", 0) { TrafficBasisPoints = 10_000 }], "next", 10_000);

        Assert.Equal([("a", 0), ("next", 10_000)], shares);
    }
}
