using Switchyard.Runtimes.Gguf;
using Switchyard.SampleModels.Gguf;

namespace Switchyard.Runtimes.Tests.Gguf;

/// <summary>A file laid out as a Q4_K_M quantizer writes it (K-quant matrices, F32 norms) passes inspection.</summary>
public sealed class QuantizedGgufTests : IDisposable
{
    private const uint Q4K = 12, Q6K = 14, F32 = 0;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "switchyard-gguf-quant-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Q4_K_M_file_is_described_by_its_file_type()
    {
        const int e = 256, ff = 512;
        var vocabulary = TinyVocabulary.Build();
        var v = vocabulary.Tokens.Count;
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .AddUInt32("general.file_type", 15)
            .AddUInt32("llama.context_length", 4096)
            .AddUInt32("llama.embedding_length", e)
            .AddUInt32("llama.block_count", 1)
            .AddUInt32("llama.feed_forward_length", ff)
            .AddUInt32("llama.attention.head_count", 8)
            .AddUInt32("llama.attention.head_count_kv", 2)
            .AddFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("tokenizer.ggml.model", "llama")
            .AddStringArray("tokenizer.ggml.tokens", vocabulary.Tokens);
        Add(writer, "token_embd.weight", Q4K, e, v);
        Add(writer, "output_norm.weight", F32, e);
        Add(writer, "output.weight", Q6K, e, v);
        Add(writer, "blk.0.attn_norm.weight", F32, e);
        Add(writer, "blk.0.attn_q.weight", Q4K, e, e);
        Add(writer, "blk.0.attn_k.weight", Q4K, e, e / 4);
        Add(writer, "blk.0.attn_v.weight", Q6K, e, e / 4);
        Add(writer, "blk.0.attn_output.weight", Q4K, e, e);
        Add(writer, "blk.0.ffn_norm.weight", F32, e);
        Add(writer, "blk.0.ffn_gate.weight", Q4K, e, ff);
        Add(writer, "blk.0.ffn_up.weight", Q4K, e, ff);
        Add(writer, "blk.0.ffn_down.weight", Q6K, ff, e);
        var path = Path.Combine(_folder, "q4km.gguf");
        writer.WriteTo(path);

        var details = GgufInspector.Inspect(path);

        Assert.Equal("Q4_K_M", details.Quantization);
        Assert.Equal(4096, details.ContextLength);
        Assert.Equal(2, details.HeadCountKv);
        Assert.False(details.ChatTemplatePresent);
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
