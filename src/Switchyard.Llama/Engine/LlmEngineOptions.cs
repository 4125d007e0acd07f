using Switchyard.Core.Endpoints;

namespace Switchyard.Llama.Engine;

/// <summary>
/// The limits of one engine. The defaults serve a 7B model on a small CPU host: 8 parallel
/// sequences (the entity's concurrency gate lets exactly that many requests in) of up to 2,048
/// tokens each (prompt + completion, capped by the model's own training context), so the KV cache
/// holds 8 × 2,048 positions.
/// </summary>
public sealed record LlmEngineOptions
{
    /// <summary>Parallel sequences (llama.cpp <c>n_seq_max</c>); one choice of one request each.</summary>
    public int Slots { get; init; } = 8;

    /// <summary>Positions one sequence may use: its prompt plus its completion.</summary>
    public int ContextPerSlot { get; init; } = 2048;

    /// <summary>Most tokens one forward pass takes (llama.cpp <c>n_batch</c>); longer prompts span several passes.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Threads of one forward pass.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Requests that may wait for the engine's loop to pick them up.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>The provisioned band, or null for no ceiling.</summary>
    public ThroughputBand? Band { get; init; }

    /// <summary>How fast the provisioned rate falls from max toward min once idle (time constant).</summary>
    public TimeSpan IdleScaleDown { get; init; } = TimeSpan.FromSeconds(30);
}
