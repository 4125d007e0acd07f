using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Routing;
using Switchyard.Core.Runtimes;
using Xunit.Abstractions;

namespace Switchyard.Core.Tests.Routing;

/// <summary>The issue's figures over 10^5 unit keys: a ramp keeps every unit an arm had, and a weight change moves |Δw|·N units (±1% of N).</summary>
public sealed class StickyRampTests(ITestOutputHelper output)
{
    private const int Units = 100_000;
    private static readonly StickyAssignment Sticky = new("x-user-id", "ramp-test");
    private static readonly string[] Names = ["a", "b", "c", "d"];
    private static readonly ServedEntity[] Entities = [.. Names.Select(Entity)];

    private static ServedEntity Entity(string name) => new(
        new ServedEntityConfig(name, "CustomModel", "c.s.m", "1", 1, "Small", false, "me", 0, new JsonObject()),
        static _ => throw new InvalidOperationException("not loaded in these tests"), 4, 16, TimeProvider.System);

    private static IReadOnlyList<TrafficRoute> Split(params int[] basisPoints) =>
        [.. basisPoints.Select((w, i) => new TrafficRoute(Names[i], w / 100) { TrafficBasisPoints = w })];

    /// <summary>The entity index each unit key gets under the routes.</summary>
    private static int[] Assign(IReadOnlyList<TrafficRoute> routes)
    {
        var route = new EndpointRoute("e", 1, Entities[..routes.Count], routes, Sticky);
        var assigned = new int[Units];
        for (var i = 0; i < Units; i++)
        {
            assigned[i] = Array.IndexOf(Entities, route.PickByUnit($"user-{i}", out _));
        }

        return assigned;
    }

    [Fact]
    public void Ramp_5_10_25_50_KeepsEveryUnitOfTheArm_AndMovesOnlyTheDelta()
    {
        IReadOnlyList<TrafficRoute>? serving = null;
        int[]? before = null;
        var previousWeight = 0;
        foreach (var weight in new[] { 500, 1000, 2500, 5000 })
        {
            var routes = BucketAllocation.Allocate(Split(10000 - weight, weight), serving);
            var after = Assign(routes);
            if (before is not null)
            {
                var (had, kept, moved) = (0, 0, 0);
                for (var i = 0; i < Units; i++)
                {
                    had += before[i] == 1 ? 1 : 0;
                    kept += before[i] == 1 && after[i] == 1 ? 1 : 0;
                    moved += before[i] != after[i] ? 1 : 0;
                }

                var expected = (weight - previousWeight) / 10000.0 * Units;
                output.WriteLine($"ramp {previousWeight / 100}% -> {weight / 100}%: arm kept {kept}/{had} units ({100.0 * kept / had:0.00}%), moved {moved} units, |Δw|·N = {expected:0}");
                Assert.Equal(had, kept);
                Assert.InRange(moved, expected - (0.01 * Units), expected + (0.01 * Units));
            }

            (serving, before, previousWeight) = (routes, after, weight);
        }
    }

    [Theory]
    [InlineData(new[] { 5000, 2500, 2500 }, new[] { 4000, 2500, 3500 })]
    [InlineData(new[] { 2500, 2500, 2500, 2500 }, new[] { 1000, 4000, 1000, 4000 })]
    [InlineData(new[] { 9000, 1000 }, new[] { 8000, 2000 })]
    [InlineData(new[] { 3333, 3333, 3334 }, new[] { 5000, 0, 5000 })]
    public void WeightChange_MovesOnlyTheUnitsOfTheDelta(int[] from, int[] to)
    {
        var first = BucketAllocation.Allocate(Split(from), null);
        var second = BucketAllocation.Allocate(Split(to), first);
        var (before, after) = (Assign(first), Assign(second));
        var moved = before.Zip(after).Count(p => p.First != p.Second);
        // Σ max(0, Δw): the buckets that change hands, half of Σ|Δw|.
        var expected = from.Zip(to).Sum(p => Math.Max(0, p.Second - p.First)) / 10000.0 * Units;
        output.WriteLine($"{string.Join("/", from)} -> {string.Join("/", to)} bp: moved {moved} of {Units} units, Σ max(0, Δw)·N = {expected:0}");
        Assert.InRange(moved, expected - (0.01 * Units), expected + (0.01 * Units));
        for (var arm = 0; arm < from.Length; arm++)
        {
            // Every arm that grew kept all its units; every arm that shrank kept only its own.
            var kept = Enumerable.Range(0, Units).Count(i => before[i] == arm && after[i] == arm);
            var had = before.Count(a => a == arm);
            Assert.Equal(to[arm] >= from[arm] ? had : after.Count(a => a == arm), kept);
        }
    }

    [Fact]
    public void FirstConfig_OwnsTheCumulativeIntervalsInRouteOrder()
    {
        var routes = BucketAllocation.Allocate(Split(9000, 1000), null);
        Assert.Equal([0, 9000], routes[0].Buckets!);
        Assert.Equal([9000, 10000], routes[1].Buckets!);
    }

    [Fact]
    public void ServingConfigStoredWithoutBuckets_IsReadAsTheCumulativeIntervals()
    {
        var stored = Split(9000, 1000);
        var routes = BucketAllocation.Allocate(Split(8000, 2000), stored);
        Assert.Equal([0, 8000], routes[0].Buckets!);
        // The challenger had [9000, 10000) and took [8000, 9000): kept in the order it got them.
        Assert.Equal([9000, 10000, 8000, 9000], routes[1].Buckets!);
    }

    [Fact]
    public void RampUpThenBack_GivesBackTheEarlierBuckets()
    {
        var first = BucketAllocation.Allocate(Split(9000, 1000), null);
        var ramped = BucketAllocation.Allocate(Split(8000, 2000), first);
        var back = BucketAllocation.Allocate(Split(9000, 1000), ramped);
        Assert.Equal([9000, 10000, 8000, 9000], ramped[1].Buckets!);
        Assert.Equal(first[0].Buckets!, back[0].Buckets!);
        Assert.Equal(first[1].Buckets!, back[1].Buckets!);
    }

    [Fact]
    public void ThreeArms_ShrinkingTheMiddle_KeepsTheOthersWhereTheyWere()
    {
        var first = BucketAllocation.Allocate(Split(5000, 2500, 2500), null);
        var second = BucketAllocation.Allocate(Split(5000, 1500, 3500), first);
        Assert.Equal([0, 5000], second[0].Buckets!);
        Assert.Equal([5000, 6500], second[1].Buckets!);
        Assert.Equal([7500, 10000, 6500, 7500], second[2].Buckets!);
    }

    [Fact]
    public void CanaryOf50BasisPoints_Gets0Point5PercentOfUnits()
    {
        var assigned = Assign(BucketAllocation.Allocate(Split(9950, 50), null));
        var share = assigned.Count(a => a == 1) / (double)Units;
        output.WriteLine($"canary of 50 bp: {share:P3} of {Units} units");
        Assert.InRange(share, 0.004, 0.006);
    }

    [Fact]
    public void Pick_BasisPointSplit_FollowsTheSplitByChiSquare()
    {
        var route = new EndpointRoute("e", 1, Entities[..2], Split(9950, 50));
        var counts = new int[2];
        // A million draws: the canary's 5,000 expected picks are rejected when off by 7 % or more.
        for (var i = 0; i < 1_000_000; i++)
        {
            counts[route.Pick() == Entities[0] ? 0 : 1]++;
        }

        ChiSquare.AssertFits(counts, 0.995, 0.005);
    }
}
