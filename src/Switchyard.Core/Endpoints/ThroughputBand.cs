namespace Switchyard.Core.Endpoints;

/// <summary>
/// A provisioned-throughput band in tokens per second: the engine runs at up to
/// <see cref="MaxTokensPerSecond"/> under load and scales down toward
/// <see cref="MinTokensPerSecond"/> when idle. Both are multiples of <see cref="ChunkSize"/>,
/// the model version's throughput granularity.
/// </summary>
public sealed record ThroughputBand(int MinTokensPerSecond, int MaxTokensPerSecond, int ChunkSize);
