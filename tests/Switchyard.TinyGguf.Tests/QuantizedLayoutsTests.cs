using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using Switchyard.Runtimes.Gguf;
using Switchyard.SampleModels.Gguf;

namespace Switchyard.TinyGguf.Tests;

/// <summary>
/// The inspector's byte sizes per ggml type agree with llama.cpp: a model whose matrices are of
/// each type, sized by <see cref="GgmlTypes.ByteSize"/>, passes inspection and loads and decodes
/// in llama.cpp (which refuses tensor data that does not fit the file).
/// </summary>
public sealed class QuantizedLayoutsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "switchyard-quant-layouts-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(1u)] // F16
    [InlineData(2u)] // Q4_0
    [InlineData(8u)] // Q8_0
    [InlineData(10u)] // Q2_K
    [InlineData(11u)] // Q3_K
    [InlineData(12u)] // Q4_K
    [InlineData(13u)] // Q5_K
    [InlineData(14u)] // Q6_K
    [InlineData(30u)] // BF16
    public async Task Matrices_of_the_type_load_and_decode(uint type)
    {
        const int e = 256, ff = 256;
        var vocabulary = TinyVocabulary.Build();
        var v = vocabulary.Tokens.Count;
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .AddUInt32("llama.context_length", 256)
            .AddUInt32("llama.embedding_length", e)
            .AddUInt32("llama.block_count", 1)
            .AddUInt32("llama.feed_forward_length", ff)
            .AddUInt32("llama.attention.head_count", 4)
            .AddUInt32("llama.attention.head_count_kv", 4)
            .AddFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("tokenizer.ggml.model", "llama")
            .AddStringArray("tokenizer.ggml.tokens", vocabulary.Tokens)
            .AddFloat32Array("tokenizer.ggml.scores", vocabulary.Scores)
            .AddInt32Array("tokenizer.ggml.token_type", vocabulary.TokenTypes);
        Add(writer, "token_embd.weight", type, e, v);
        Add(writer, "output_norm.weight", 0, e);
        Add(writer, "blk.0.attn_norm.weight", 0, e);
        foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down" })
        {
            Add(writer, $"blk.0.{name}.weight", type, e, e);
        }

        Add(writer, "blk.0.ffn_norm.weight", 0, e);
        var path = Path.Combine(_folder, $"type-{type}.gguf");
        writer.WriteTo(path);

        Assert.Equal(GgmlTypes.NameOf(type), GgufInspector.Inspect(path).Quantization);
        var parameters = new ModelParams(path) { ContextSize = 128, GpuLayerCount = 0, Threads = 1 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var executor = new BatchedExecutor(weights, parameters);
        using var conversation = executor.Create();
        conversation.Prompt(executor.Context.Tokenize("Hello", addBos: true));
        Assert.Equal(DecodeResult.Ok, await executor.Infer());
        _ = conversation.Sample(new GreedySamplingPipeline());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static void Add(GgufWriter writer, string name, uint type, params long[] shape) =>
        writer.AddRawTensor(name, shape, type, new byte[GgmlTypes.ByteSize(type, shape)!.Value]);
}
