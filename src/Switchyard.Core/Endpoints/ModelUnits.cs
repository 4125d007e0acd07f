using Switchyard.Core.Registry;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// <c>provisioned_model_units</c>, the newer provisioned-throughput sizing, mapped onto the
/// tokens-per-second band the engine enforces. The hosted service gives a model unit no fixed
/// rate (it is work per minute, and what it buys depends on the prompt and answer lengths); here
/// one model unit is one throughput chunk of the version (20 completion tokens per second unless
/// the version sets its own), so the two sizings describe the same bands and any whole number of
/// units lands on a band the chunk rule accepts. The band is fixed at units × chunk: one host has
/// no replicas to burst into, so burst scaling is refused rather than pretended.
/// </summary>
public static class ModelUnits
{
    /// <summary>The least a model-unit entity may have; an entity that should cost nothing when idle scales to zero instead.</summary>
    public const int MinUnits = 1;

    /// <summary>Units come in steps of one here (<c>model_unit_chunk_size</c>): a unit is already one throughput chunk.</summary>
    public const int UnitStep = 1;

    /// <summary>Completion tokens per second that one model unit of <paramref name="version"/> provisions.</summary>
    public static int TokensPerSecondPerUnit(ModelVersion version) => ThroughputChunks.ChunkSizeOf(version);

    /// <summary>The most units a version may have: its band stays within the server's ceiling.</summary>
    public static long MaxUnits(int chunk) => ThroughputChunks.MaxTokensPerSecond / chunk;

    /// <summary>The fixed band of <paramref name="units"/> model units: no scaling down, no burst above.</summary>
    public static ThroughputBand BandFor(long units, int chunk)
    {
        var rate = checked((int)(units * chunk));
        return new ThroughputBand(rate, rate, chunk);
    }
}
