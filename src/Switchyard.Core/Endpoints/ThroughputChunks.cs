using Switchyard.Core.Registry;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// The throughput granularity of foundation models: min and max of a band are multiples of a
/// version's chunk. The default is fine-grained (20 tokens/s) so that any band written in tens
/// of the hosted service's style fits; a version may set its own.
/// </summary>
public static class ThroughputChunks
{
    public const int DefaultChunkSize = 20;

    /// <summary>The largest band the server takes, far above what a CPU host can do.</summary>
    public const int MaxTokensPerSecond = 1_000_000;

    /// <summary>
    /// The version's chunk: the <c>throughput_chunk_size</c> its MLmodel's gguf flavor sets, read
    /// into its details at registration, or the default.
    /// </summary>
    public static int ChunkSizeOf(ModelVersion version) => version.Details?.ThroughputChunkSize ?? DefaultChunkSize;
}
