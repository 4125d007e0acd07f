namespace Switchyard.SampleModels.Gguf;

/// <summary>
/// Hyper-parameters of a tiny llama-architecture model. The defaults are the project's test model:
/// embedding 64, 2 layers, 4 heads (2 for keys/values), feed-forward 128.
/// </summary>
public sealed record TinyLlamaShape
{
    /// <summary>Embedding length E.</summary>
    public int Embedding { get; init; } = 64;

    /// <summary>Number of transformer blocks L.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads H.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Key/value heads Hkv (grouped-query attention when below H).</summary>
    public int KeyValueHeads { get; init; } = 2;

    /// <summary>Feed-forward length FF (per expert for a mixture of experts).</summary>
    public int FeedForward { get; init; } = 128;

    /// <summary>Training context length written as llama.context_length.</summary>
    public int ContextLength { get; init; } = 512;

    /// <summary>Experts per layer; 0 for a dense model.</summary>
    public int Experts { get; init; }

    /// <summary>Experts used per token (llama.expert_used_count) when Experts &gt; 0.</summary>
    public int ExpertsUsed { get; init; }
}
