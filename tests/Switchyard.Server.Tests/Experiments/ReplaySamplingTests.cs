using Switchyard.Server.Experiments.Replays;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>The replay's seeded sample: the same seed picks the same requests, and about sample_pct of them.</summary>
public sealed class ReplaySamplingTests
{
    private static readonly string[] Ids = [.. Enumerable.Range(0, 20_000).Select(i => $"req-{i}")];

    [Fact]
    public void A_seed_picks_a_binomial_share_and_the_same_requests_every_time()
    {
        var picked = Ids.Where(id => CapturedRequests.Sampled(42, id, 30)).ToArray();
        // Binomial(20000, 0.3): sd ≈ 64.8; 5 sd either side of 6000 fails by chance about once in 3.5 million runs.
        Assert.InRange(picked.Length, 6000 - 324, 6000 + 324);
        Assert.Equal(picked, Ids.Where(id => CapturedRequests.Sampled(42, id, 30)));
        // In any order: the choice depends on the id and the seed only.
        Assert.Equal(picked.Order(StringComparer.Ordinal), Ids.Reverse().Where(id => CapturedRequests.Sampled(42, id, 30)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Another_seed_picks_other_requests_and_100_percent_picks_all()
    {
        var seed1 = Ids.Where(id => CapturedRequests.Sampled(1, id, 50)).ToHashSet();
        var seed2 = Ids.Where(id => CapturedRequests.Sampled(2, id, 50)).ToHashSet();
        var both = seed1.Count(seed2.Contains);
        // Independent halves overlap on about a quarter of the ids (sd ≈ 61).
        Assert.InRange(both, 5000 - 310, 5000 + 310);
        Assert.All(Ids, id => Assert.True(CapturedRequests.Sampled(9, id, 100)));
    }
}
