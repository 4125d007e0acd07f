using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Tests.Endpoints;

/// <summary>Model units map onto a fixed band of whole throughput chunks.</summary>
public sealed class ModelUnitsTests
{
    [Theory]
    [InlineData(1, 20, 20)]
    [InlineData(5, 20, 100)]
    [InlineData(3, 980, 2940)]
    public void Units_make_a_fixed_band_of_units_times_the_chunk(long units, int chunk, int tokensPerSecond)
    {
        var band = ModelUnits.BandFor(units, chunk);

        Assert.Equal(new ThroughputBand(tokensPerSecond, tokensPerSecond, chunk), band);
    }

    [Theory]
    [InlineData(20, 50_000)]
    [InlineData(980, 1020)]
    public void The_most_units_keep_the_band_within_the_server_ceiling(int chunk, long most)
    {
        Assert.Equal(most, ModelUnits.MaxUnits(chunk));
        Assert.True(ModelUnits.MaxUnits(chunk) * chunk <= ThroughputChunks.MaxTokensPerSecond);
        Assert.True((ModelUnits.MaxUnits(chunk) + 1) * chunk > ThroughputChunks.MaxTokensPerSecond);
    }
}
