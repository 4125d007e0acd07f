using System.Globalization;

namespace Switchyard.SampleModels.Gguf;

/// <summary>
/// Tiny random-weight llama-architecture GGUF models, written deterministically from a seed: a
/// dense one, a Mixtral-like mixture of experts, and malformed variants for tests. Norm weights are
/// 1, every other weight is drawn from N(0, 0.02).
/// </summary>
public static class TinyLlamaModels
{
    /// <summary>A Mistral-style [INST] chat template, as the Mistral Instruct GGUF files carry.</summary>
    public const string ChatTemplate =
        "{{ bos_token }}{% for message in messages %}" +
        "{% if message['role'] == 'system' %}{{ message['content'] + '\\n\\n' }}" +
        "{% elif message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}" +
        "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token }}" +
        "{% endif %}{% endfor %}";

    private const float WeightStd = 0.02f;

    /// <summary>Writes the dense test model (E=64, L=2, H=4, Hkv=2, FF=128).</summary>
    public static void WriteDense(string path, int seed, bool includeChatTemplate = true, int contextLength = 512) =>
        Build(new TinyLlamaShape { ContextLength = contextLength }, seed, "tiny-llama-dense", includeChatTemplate).WriteTo(path);

    /// <summary>Writes the Mixtral-like test model (4 experts, 2 used per token).</summary>
    public static void WriteMoe(string path, int seed, bool includeChatTemplate = true, int contextLength = 512) =>
        Build(new TinyLlamaShape { ContextLength = contextLength, Experts = 4, ExpertsUsed = 2 }, seed, "tiny-mixtral-moe", includeChatTemplate).WriteTo(path);

    /// <summary>Writes a dense model spoiled in the given way.</summary>
    public static void WriteMalformed(string path, MalformedGguf kind, int seed = 1)
    {
        var shape = new TinyLlamaShape { ContextLength = 256 };
        switch (kind)
        {
            case MalformedGguf.Truncated:
            case MalformedGguf.BadMagic:
                var bytes = ToBytes(Build(shape, seed, "tiny-llama-" + kind, true));
                if (kind == MalformedGguf.Truncated)
                {
                    bytes = bytes[..(bytes.Length * 2 / 3)];
                }
                else
                {
                    "GGUx"u8.CopyTo(bytes);
                }

                WriteBytes(path, bytes);
                return;
            case MalformedGguf.TensorOffsetOutOfRange:
                Build(shape, seed, "bad-offset", true, new Spoil { DeclaredOutputNormOffset = 1UL << 40 }).WriteTo(path);
                return;
            case MalformedGguf.TensorOffsetMisaligned:
                Build(shape, seed, "misaligned", true, new Spoil { DeclaredOutputNormOffset = 4 }).WriteTo(path);
                return;
            case MalformedGguf.TensorShapeMismatch:
                Build(shape, seed, "bad-shape", true, new Spoil { HalveAttentionQuery = true }).WriteTo(path);
                return;
            case MalformedGguf.MissingRequiredKey:
                Build(shape, seed, "missing-key", true, new Spoil { OmitEmbeddingLength = true }).WriteTo(path);
                return;
            case MalformedGguf.NoByteTokens:
                Build(shape, seed, "no-byte-tokens", true, new Spoil { NoByteTokens = true }).WriteTo(path);
                return;
            case MalformedGguf.NoVocab:
                Build(shape, seed, "no-vocab", false, new Spoil { TokenizerModel = "no_vocab", OmitTokens = true }).WriteTo(path);
                return;
            case MalformedGguf.MissingTokens:
                Build(shape, seed, "missing-tokens", false, new Spoil { OmitTokens = true }).WriteTo(path);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown malformation");
        }
    }

    /// <summary>Builds the writer for a model of the given shape without writing it.</summary>
    public static GgufWriter Build(TinyLlamaShape shape, int seed, string name, bool includeChatTemplate) =>
        Build(shape, seed, name, includeChatTemplate, new Spoil());

    private static GgufWriter Build(TinyLlamaShape shape, int seed, string name, bool includeChatTemplate, Spoil spoil)
    {
        var vocabulary = TinyVocabulary.Build(withByteTokens: !spoil.NoByteTokens);
        var e = shape.Embedding;
        var v = vocabulary.Tokens.Count;
        var kv = e * shape.KeyValueHeads / shape.Heads;
        var ff = shape.FeedForward;
        var x = shape.Experts;

        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", name)
            .AddUInt32("general.file_type", 0)
            .AddUInt32("llama.context_length", (uint)shape.ContextLength);
        if (!spoil.OmitEmbeddingLength)
        {
            writer.AddUInt32("llama.embedding_length", (uint)e);
        }

        writer.AddUInt32("llama.block_count", (uint)shape.Layers)
            .AddUInt32("llama.feed_forward_length", (uint)ff)
            .AddUInt32("llama.attention.head_count", (uint)shape.Heads)
            .AddUInt32("llama.attention.head_count_kv", (uint)shape.KeyValueHeads)
            .AddFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .AddUInt32("llama.rope.dimension_count", (uint)(e / shape.Heads))
            .AddFloat32("llama.rope.freq_base", 10000f)
            .AddUInt32("llama.vocab_size", (uint)v);
        if (x > 0)
        {
            writer.AddUInt32("llama.expert_count", (uint)x).AddUInt32("llama.expert_used_count", (uint)shape.ExpertsUsed);
        }

        writer.Add("tokenizer.ggml.model", spoil.TokenizerModel);
        if (!spoil.OmitTokens)
        {
            writer.AddStringArray("tokenizer.ggml.tokens", vocabulary.Tokens)
                .AddFloat32Array("tokenizer.ggml.scores", vocabulary.Scores)
                .AddInt32Array("tokenizer.ggml.token_type", vocabulary.TokenTypes)
                .AddUInt32("tokenizer.ggml.bos_token_id", (uint)TinyVocabulary.BosId)
                .AddUInt32("tokenizer.ggml.eos_token_id", (uint)TinyVocabulary.EosId)
                .AddUInt32("tokenizer.ggml.unknown_token_id", (uint)TinyVocabulary.UnknownId)
                .AddBool("tokenizer.ggml.add_bos_token", true)
                .AddBool("tokenizer.ggml.add_eos_token", false);
        }

        if (includeChatTemplate)
        {
            writer.Add("tokenizer.chat_template", ChatTemplate);
        }

        var random = new NormalSource(seed);
        writer.AddTensor("token_embd.weight", [e, v], random.Next(e * v));
        writer.AddRawTensor("output_norm.weight", [e], GgufWriter.GgmlTypeF32, FloatBytes(Ones(e)), spoil.DeclaredOutputNormOffset);
        writer.AddTensor("output.weight", [e, v], random.Next(e * v));
        for (var layer = 0; layer < shape.Layers; layer++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"blk.{layer}.");
            var queryRows = spoil.HalveAttentionQuery && layer == 0 ? e / 2 : e;
            writer.AddTensor(prefix + "attn_norm.weight", [e], Ones(e))
                .AddTensor(prefix + "attn_q.weight", [e, queryRows], random.Next(e * queryRows))
                .AddTensor(prefix + "attn_k.weight", [e, kv], random.Next(e * kv))
                .AddTensor(prefix + "attn_v.weight", [e, kv], random.Next(e * kv))
                .AddTensor(prefix + "attn_output.weight", [e, e], random.Next(e * e))
                .AddTensor(prefix + "ffn_norm.weight", [e], Ones(e));
            if (x == 0)
            {
                writer.AddTensor(prefix + "ffn_gate.weight", [e, ff], random.Next(e * ff))
                    .AddTensor(prefix + "ffn_up.weight", [e, ff], random.Next(e * ff))
                    .AddTensor(prefix + "ffn_down.weight", [ff, e], random.Next(ff * e));
            }
            else
            {
                writer.AddTensor(prefix + "ffn_gate_inp.weight", [e, x], random.Next(e * x))
                    .AddTensor(prefix + "ffn_gate_exps.weight", [e, ff, x], random.Next(e * ff * x))
                    .AddTensor(prefix + "ffn_up_exps.weight", [e, ff, x], random.Next(e * ff * x))
                    .AddTensor(prefix + "ffn_down_exps.weight", [ff, e, x], random.Next(ff * e * x));
            }
        }

        return writer;
    }

    private static float[] Ones(int count)
    {
        var values = new float[count];
        Array.Fill(values, 1f);
        return values;
    }

    private static byte[] FloatBytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static byte[] ToBytes(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    private static void WriteBytes(string path, byte[] bytes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>What to spoil while building; the defaults build a sound model.</summary>
    private sealed record Spoil
    {
        public ulong? DeclaredOutputNormOffset { get; init; }

        public bool HalveAttentionQuery { get; init; }

        public bool OmitEmbeddingLength { get; init; }

        public bool NoByteTokens { get; init; }

        public bool OmitTokens { get; init; }

        public string TokenizerModel { get; init; } = "llama";
    }

    /// <summary>Seeded N(0, 0.02) draws by Box–Muller over System.Random (a fixed algorithm per seed).</summary>
    private sealed class NormalSource(int seed)
    {
        private readonly Random _random = new(seed);

        public float[] Next(int count)
        {
            var values = new float[count];
            for (var i = 0; i < count; i += 2)
            {
                var u1 = 1.0 - _random.NextDouble();
                var u2 = _random.NextDouble();
                var radius = Math.Sqrt(-2.0 * Math.Log(u1));
                values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2) * WeightStd);
                if (i + 1 < count)
                {
                    values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2) * WeightStd);
                }
            }

            return values;
        }
    }
}
