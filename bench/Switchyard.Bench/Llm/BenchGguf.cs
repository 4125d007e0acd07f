using Switchyard.SampleModels.Gguf;

namespace Switchyard.Bench.Llm;

/// <summary>
/// The GGUF models of the LLM benchmark, written by the project's own writer (nothing is
/// downloaded): the tiny dense test model, and a larger random-weight llama of the given
/// embedding and depth, so that per-token work dominates the per-request HTTP cost.
/// </summary>
public static class BenchGguf
{
    private const int Seed = 7;

    public static string Tiny(string dir)
    {
        var path = Path.Combine(dir, "tiny-llama-dense.gguf");
        TinyLlamaModels.WriteDense(path, Seed);
        return path;
    }

    /// <summary>E and L as given; heads of 64, no grouped-query attention, feed-forward 3E, context 512.</summary>
    public static string Larger(string dir, int embedding, int layers)
    {
        var name = $"bench-llama-e{embedding}-l{layers}";
        var path = Path.Combine(dir, name + ".gguf");
        var shape = new TinyLlamaShape
        {
            Embedding = embedding,
            Layers = layers,
            Heads = embedding / 64,
            KeyValueHeads = embedding / 64,
            FeedForward = 3 * embedding,
            ContextLength = 512,
        };
        TinyLlamaModels.Build(shape, Seed, name, includeChatTemplate: true).WriteTo(path);
        return path;
    }
}
