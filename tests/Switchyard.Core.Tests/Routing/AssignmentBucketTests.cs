using Switchyard.Core.Routing;

namespace Switchyard.Core.Tests.Routing;

public sealed class AssignmentBucketTests
{
    // Published in docs/experiments.md; computed by hand with Python's hashlib, an implementation
    // independent of this one: int.from_bytes(sha256((salt + key).encode("utf-8")).digest()[:8], "big") % 10000
    [Theory]
    [InlineData("", "", 1652)]
    [InlineData("s1", "user-1", 1326)]
    [InlineData("exp-2026", "alice@example.com", 5659)]
    [InlineData("salt", "x-user-42", 7242)]
    [InlineData("ramp", "ümlaut-ключ", 3857)]
    public void Of_PublishedVectors_GiveTheirBuckets(string salt, string unitKey, int bucket) =>
        Assert.Equal(bucket, AssignmentBucket.Of(salt, unitKey));

    [Fact]
    public void Of_KeyLongerThanTheStackBuffer_HashesTheWholeKey()
    {
        var key = new string('k', 2000);
        Assert.Equal(AssignmentBucket.Of("s", key), AssignmentBucket.Of("s", key));
        Assert.NotEqual(AssignmentBucket.Of("s", key), AssignmentBucket.Of("s", key + "x"));
    }

    [Fact]
    public void Of_ManyKeys_SpreadUniformlyOverTheBuckets()
    {
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            counts[AssignmentBucket.Of("uniform", $"user-{i}") / 1000]++;
        }

        // 9 degrees of freedom: 27.877 is the critical value at 0.001. The keys and the salt are fixed,
        // so this check gives the same statistic on every run.
        Assert.True(ChiSquare.Statistic(counts, Enumerable.Repeat(0.1, 10).ToArray()) < 27.877, string.Join(",", counts));
    }
}
