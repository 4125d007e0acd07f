using Switchyard.Core.Errors;
using Switchyard.Runtimes.Gguf;
using Switchyard.SampleModels.Gguf;

namespace Switchyard.Runtimes.Tests.Gguf;

public sealed class GgufInspectorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "switchyard-gguf-inspect-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Dense_model_is_described_from_its_metadata_and_tensors()
    {
        var path = Path.Combine(_folder, "dense.gguf");
        TinyLlamaModels.WriteDense(path, seed: 5, contextLength: 512);

        var details = GgufInspector.Inspect(path);

        var vocabulary = TinyVocabulary.Build().Tokens.Count;
        Assert.Equal("llama", details.Architecture);
        Assert.Equal("llama", details.ModelType);
        Assert.Equal("tiny-llama-dense", details.Name);
        Assert.Equal(512, details.ContextLength);
        Assert.Equal(64, details.EmbeddingLength);
        Assert.Equal(2, details.BlockCount);
        Assert.Equal(0, details.ExpertCount);
        Assert.Equal(vocabulary, details.VocabSize);
        Assert.Equal("F32", details.Quantization);
        Assert.True(details.ChatTemplatePresent);
        Assert.Equal(TinyLlamaModels.ChatTemplate, details.ChatTemplate);

        // 2·E·V (embeddings, output) + E (output norm) + per layer: 2E norms, E² (q), 2·E·E/2 (k, v), E² (o), 3·E·FF.
        long e = 64, ff = 128;
        var expected = (2 * e * vocabulary) + e + (2 * ((2 * e) + (e * e) + (e * e) + (e * e) + (3 * e * ff)));
        Assert.Equal(expected, details.ParameterCount);
    }

    [Fact]
    public void Moe_model_is_a_mixtral_with_its_experts()
    {
        var path = Path.Combine(_folder, "moe.gguf");
        TinyLlamaModels.WriteMoe(path, seed: 5);

        var details = GgufInspector.Inspect(path);

        Assert.Equal("mixtral", details.ModelType);
        Assert.Equal(4, details.ExpertCount);
        Assert.Equal(2, details.ExpertUsedCount);
    }

    [Fact]
    public void Template_can_be_left_out()
    {
        var path = Path.Combine(_folder, "plain.gguf");
        TinyLlamaModels.WriteDense(path, seed: 5, includeChatTemplate: false);

        Assert.False(GgufInspector.Inspect(path).ChatTemplatePresent);
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes()
    {
        var a = Path.Combine(_folder, "a.gguf");
        var b = Path.Combine(_folder, "b.gguf");
        TinyLlamaModels.WriteMoe(a, seed: 9);
        TinyLlamaModels.WriteMoe(b, seed: 9);

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Theory]
    [InlineData(MalformedGguf.Truncated, "truncated")]
    [InlineData(MalformedGguf.BadMagic, "magic")]
    [InlineData(MalformedGguf.TensorOffsetOutOfRange, "'output_norm.weight'")]
    [InlineData(MalformedGguf.TensorOffsetMisaligned, "not a multiple of the alignment")]
    [InlineData(MalformedGguf.TensorShapeMismatch, "'blk.0.attn_q.weight' has shape [64, 32]")]
    [InlineData(MalformedGguf.MissingRequiredKey, "llama.embedding_length is missing")]
    [InlineData(MalformedGguf.NoByteTokens, "byte token <0x00>")]
    [InlineData(MalformedGguf.NoVocab, "cannot take text prompts")]
    [InlineData(MalformedGguf.MissingTokens, "tokenizer.ggml.tokens is missing")]
    public void Malformed_files_are_refused_with_the_reason(MalformedGguf kind, string reason)
    {
        var path = Path.Combine(_folder, kind + ".gguf");
        TinyLlamaModels.WriteMalformed(path, kind);

        var error = Assert.Throws<ServingException>(() => GgufInspector.Inspect(path));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(kind + ".gguf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lying_array_length_is_refused_without_allocating_it()
    {
        // Header, one KV whose string array claims 2^60 elements, then nothing.
        var path = Path.Combine(_folder, "lying.gguf");
        Directory.CreateDirectory(_folder);
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write("GGUF"u8);
            writer.Write(3u);
            writer.Write(0L);
            writer.Write(1L);
            writer.Write(4UL);
            writer.Write("keys"u8);
            writer.Write(9u);
            writer.Write(8u);
            writer.Write(1UL << 60);
            writer.Write(new byte[64]);
        }

        var error = Assert.Throws<ServingException>(() => GgufReader.Read(path));

        Assert.Contains("length of 'keys'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantized_row_sizes_follow_the_block_layout()
    {
        Assert.Equal(4096 / 256 * 144 * 4096L, GgmlTypes.ByteSize(12, [4096, 4096])); // Q4_K
        Assert.Equal(4096 / 32 * 34L, GgmlTypes.ByteSize(8, [4096])); // Q8_0
        Assert.Null(GgmlTypes.ByteSize(12, [100])); // not a whole block
        Assert.Null(GgmlTypes.ByteSize(99, [256]));
        Assert.Equal("Q4_K_M", GgmlTypes.FileTypeName(15));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
