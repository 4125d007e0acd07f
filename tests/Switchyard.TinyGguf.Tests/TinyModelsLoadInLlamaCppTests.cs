using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Sampling;
using Switchyard.SampleModels.Gguf;

namespace Switchyard.TinyGguf.Tests;

/// <summary>The tiny dense and MoE models load in llama.cpp and generate tokens deterministically.</summary>
public sealed class TinyModelsLoadInLlamaCppTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "switchyard-tiny-gguf-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Loads_and_generates_the_same_tokens_twice(bool moe)
    {
        var path = Path.Combine(_folder, moe ? "moe.gguf" : "dense.gguf");
        if (moe)
        {
            TinyLlamaModels.WriteMoe(path, seed: 3);
        }
        else
        {
            TinyLlamaModels.WriteDense(path, seed: 3);
        }

        var first = await GenerateAsync(path);
        var second = await GenerateAsync(path);

        Assert.Equal(8, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Vocabulary_has_the_written_tokens_and_special_ids()
    {
        var path = Path.Combine(_folder, "dense.gguf");
        TinyLlamaModels.WriteDense(path, seed: 3);
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { ContextSize = 256, GpuLayerCount = 0 });

        Assert.Equal(TinyVocabulary.Build().Tokens.Count, weights.Vocab.Count);
        Assert.Equal(TinyVocabulary.BosId, (int)weights.Vocab.BOS!.Value);
        Assert.Equal(TinyVocabulary.EosId, (int)weights.Vocab.EOS!.Value);
    }

    [Fact]
    public void English_text_tokenizes_into_words_and_unknown_characters_into_bytes()
    {
        var path = Path.Combine(_folder, "dense.gguf");
        TinyLlamaModels.WriteDense(path, seed: 3);
        var parameters = new ModelParams(path) { ContextSize = 256, GpuLayerCount = 0 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);

        var words = context.Tokenize("What is the capital of France", addBos: false);
        var accented = context.Tokenize("é", addBos: false);

        Assert.Equal(6, words.Length);
        // SPM prefixes a space: "▁", then the two UTF-8 bytes of é as byte tokens.
        Assert.Equal(3, accented.Length);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<List<int>> GenerateAsync(string path)
    {
        var parameters = new ModelParams(path) { ContextSize = 256, GpuLayerCount = 0, Threads = 1 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var prompt = context.Tokenize("Hello, tell me a story", addBos: true);
        var pipeline = new GreedySamplingPipeline();
        var tokens = new List<int>();

        // Greedy decoding over the batched executor: token ids, not text, are compared.
        using var batched = new BatchedExecutor(weights, parameters);
        using var conversation = batched.Create();
        conversation.Prompt(prompt);
        for (var step = 0; step < 8; step++)
        {
            var result = await batched.Infer();
            Assert.Equal(LLama.Native.DecodeResult.Ok, result);
            var token = conversation.Sample(pipeline);
            tokens.Add((int)token);
            conversation.Prompt(token);
        }

        return tokens;
    }
}
