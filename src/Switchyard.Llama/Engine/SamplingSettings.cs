namespace Switchyard.Llama.Engine;

/// <summary>
/// How one choice picks its tokens. Temperature 0 is greedy (top_p, top_k and seed do not
/// matter then); otherwise top_k (0 = off), top_p (1 = off), temperature, then a draw seeded by
/// <see cref="Seed"/>, so a fixed seed gives the same tokens every time.
/// </summary>
public sealed record SamplingSettings(float Temperature, float TopP, int TopK, uint Seed)
{
    public bool IsGreedy => Temperature <= 0f;
}
