using System.Globalization;
using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Gguf;

/// <summary>
/// Checks, in managed code, what llama.cpp would otherwise fail on or crash on when it loads a
/// GGUF file or tokenizes a prompt, and describes the model. Supported: architecture <c>llama</c>
/// (Llama, Mistral) dense, and with merged expert tensors (<c>ffn_*_exps</c>) as Mixtral; the
/// tokenizer must be SentencePiece (<c>llama</c>, with its 256 byte tokens) or BPE (<c>gpt2</c>,
/// with merges). Every refusal is INVALID_PARAMETER_VALUE naming the file and the problem.
/// </summary>
public static class GgufInspector
{
    /// <summary>The architectures this server can serve.</summary>
    public static readonly IReadOnlyList<string> SupportedArchitectures = ["llama"];

    /// <summary>Reads and checks the file; returns what it says of itself.</summary>
    public static FoundationModelDetails Inspect(string path)
    {
        var fileName = Path.GetFileName(path);
        GgufFile file;
        try
        {
            file = GgufReader.Read(path);
        }
        catch (IOException error)
        {
            throw ServingException.Invalid($"GGUF file '{fileName}' cannot be read: {error.Message}");
        }

        return new Check(file, fileName).Run();
    }

    private sealed class Check(GgufFile file, string fileName)
    {
        public FoundationModelDetails Run()
        {
            var architecture = file.GetString("general.architecture") ?? throw Bad("general.architecture is missing");
            if (!SupportedArchitectures.Contains(architecture))
            {
                throw Bad($"architecture '{architecture}' is not supported (supported: llama, including Mistral, and Mixtral-style mixtures of experts)");
            }

            var context = Positive(architecture + ".context_length");
            var embedding = Positive(architecture + ".embedding_length");
            var blocks = Positive(architecture + ".block_count");
            var feedForward = Positive(architecture + ".feed_forward_length");
            var heads = Positive(architecture + ".attention.head_count");
            var kvHeads = (int?)file.GetUInt(architecture + ".attention.head_count_kv") ?? heads;
            if (!file.Metadata.TryGetValue(architecture + ".attention.layer_norm_rms_epsilon", out var epsilon) || epsilon.AsDouble() is null)
            {
                throw Bad($"required key {architecture}.attention.layer_norm_rms_epsilon (a float) is missing");
            }

            if (kvHeads <= 0 || heads % kvHeads != 0)
            {
                throw Bad($"{architecture}.attention.head_count_kv ({kvHeads}) must divide head_count ({heads})");
            }

            var keyLength = (int?)file.GetUInt(architecture + ".attention.key_length") ?? DivideHeads(embedding, heads);
            var valueLength = (int?)file.GetUInt(architecture + ".attention.value_length") ?? DivideHeads(embedding, heads);
            var experts = (int)(file.GetUInt(architecture + ".expert_count") ?? 0);
            var expertsUsed = (int)(file.GetUInt(architecture + ".expert_used_count") ?? 0);
            if (experts > 0 && (expertsUsed <= 0 || expertsUsed > experts))
            {
                throw Bad($"{architecture}.expert_used_count ({expertsUsed}) must be between 1 and expert_count ({experts})");
            }

            var (tokenizer, vocabulary) = CheckTokenizer();
            var tensors = file.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
            Expect(tensors, "token_embd.weight", embedding, vocabulary);
            Expect(tensors, "output_norm.weight", embedding);
            if (tensors.ContainsKey("output.weight"))
            {
                Expect(tensors, "output.weight", embedding, vocabulary);
            }

            for (var layer = 0; layer < blocks; layer++)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"blk.{layer}.");
                Expect(tensors, prefix + "attn_norm.weight", embedding);
                Expect(tensors, prefix + "attn_q.weight", embedding, keyLength * heads);
                Expect(tensors, prefix + "attn_k.weight", embedding, keyLength * kvHeads);
                Expect(tensors, prefix + "attn_v.weight", embedding, valueLength * kvHeads);
                Expect(tensors, prefix + "attn_output.weight", valueLength * heads, embedding);
                Expect(tensors, prefix + "ffn_norm.weight", embedding);
                if (experts == 0)
                {
                    Expect(tensors, prefix + "ffn_gate.weight", embedding, feedForward);
                    Expect(tensors, prefix + "ffn_up.weight", embedding, feedForward);
                    Expect(tensors, prefix + "ffn_down.weight", feedForward, embedding);
                }
                else
                {
                    Expect(tensors, prefix + "ffn_gate_inp.weight", embedding, experts);
                    Expect(tensors, prefix + "ffn_gate_exps.weight", embedding, feedForward, experts);
                    Expect(tensors, prefix + "ffn_up_exps.weight", embedding, feedForward, experts);
                    Expect(tensors, prefix + "ffn_down_exps.weight", feedForward, embedding, experts);
                }
            }

            var (parameters, dominantType) = CheckTensorData();
            var fileType = file.GetUInt("general.file_type");
            var quantization = (fileType is { } ft ? GgmlTypes.FileTypeName(ft) : null) ?? dominantType;
            var template = file.GetString("tokenizer.chat_template");
            return new FoundationModelDetails(
                architecture,
                experts > 0 ? "mixtral" : "llama",
                file.GetString("general.name"),
                context,
                parameters,
                quantization,
                embedding,
                blocks,
                heads,
                kvHeads,
                experts,
                expertsUsed,
                vocabulary,
                tokenizer,
                string.IsNullOrEmpty(template) ? null : template,
                fileName);
        }

        private (string Model, int Vocabulary) CheckTokenizer()
        {
            var model = file.GetString("tokenizer.ggml.model") ?? throw Bad("required key tokenizer.ggml.model is missing: the file has no tokenizer");
            if (model is "no_vocab" or "none")
            {
                throw Bad($"it has no vocabulary (tokenizer.ggml.model = '{model}'), so it cannot take text prompts");
            }

            if (!file.Metadata.TryGetValue("tokenizer.ggml.tokens", out var tokensValue) || tokensValue.Strings is not { Count: > 0 } tokens)
            {
                throw Bad("tokenizer.ggml.tokens is missing or empty: without a vocabulary the model cannot take text prompts");
            }

            switch (model)
            {
                case "llama":
                    // llama.cpp aborts the whole process when an SPM prompt holds a character that is
                    // neither a piece nor representable by byte tokens, so all 256 must be there.
                    var pieces = new HashSet<string>(tokens, StringComparer.Ordinal);
                    for (var b = 0; b < 256; b++)
                    {
                        var piece = string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>");
                        if (!pieces.Contains(piece))
                        {
                            throw Bad($"its SentencePiece vocabulary lacks the byte token {piece}; llama.cpp would crash on a prompt character outside the vocabulary");
                        }
                    }

                    break;
                case "gpt2":
                    if (!file.Metadata.TryGetValue("tokenizer.ggml.merges", out var merges) || merges.Length == 0)
                    {
                        throw Bad("its BPE (gpt2) tokenizer has no tokenizer.ggml.merges");
                    }

                    break;
                default:
                    throw Bad($"tokenizer '{model}' is not supported (supported: llama (SentencePiece), gpt2 (BPE))");
            }

            foreach (var key in new[] { "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.ggml.unknown_token_id" })
            {
                if (file.GetUInt(key) is { } id && id >= (ulong)tokens.Count)
                {
                    throw Bad($"{key} ({id}) is outside the vocabulary of {tokens.Count} tokens");
                }
            }

            if (file.Metadata.TryGetValue("tokenizer.ggml.scores", out var scores) && scores.Length != tokens.Count)
            {
                throw Bad($"tokenizer.ggml.scores has {scores.Length} entries for {tokens.Count} tokens");
            }

            if (file.Metadata.TryGetValue("tokenizer.ggml.token_type", out var types) && types.Length != tokens.Count)
            {
                throw Bad($"tokenizer.ggml.token_type has {types.Length} entries for {tokens.Count} tokens");
            }

            return (model, tokens.Count);
        }

        private (long Parameters, string DominantType) CheckTensorData()
        {
            long parameters = 0;
            var bytesByType = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var tensor in file.Tensors)
            {
                var typeName = GgmlTypes.NameOf(tensor.GgmlType) ?? throw Bad($"tensor '{tensor.Name}' has unknown ggml type {tensor.GgmlType}");
                var size = GgmlTypes.ByteSize(tensor.GgmlType, tensor.Shape)
                    ?? throw Bad($"tensor '{tensor.Name}' of type {typeName} has a row length ({tensor.Shape[0]}) that is not a whole number of blocks");
                if (tensor.Offset % (ulong)file.Alignment != 0)
                {
                    throw Bad($"tensor '{tensor.Name}' starts at offset {tensor.Offset}, not a multiple of the alignment {file.Alignment}");
                }

                if (tensor.Offset > (ulong)file.FileLength || file.DataOffset + (long)tensor.Offset + size > file.FileLength)
                {
                    throw Bad($"tensor '{tensor.Name}' ({size} bytes at data offset {tensor.Offset}) lies beyond the end of the file (truncated?)");
                }

                parameters += tensor.ElementCount;
                bytesByType[typeName] = bytesByType.GetValueOrDefault(typeName) + size;
            }

            var dominant = bytesByType.Count == 0 ? "none" : bytesByType.MaxBy(pair => pair.Value).Key;
            return (parameters, dominant);
        }

        private void Expect(Dictionary<string, GgufTensorInfo> tensors, string name, params long[] shape)
        {
            if (!tensors.TryGetValue(name, out var tensor))
            {
                throw Bad($"required tensor '{name}' is missing");
            }

            var actual = tensor.Shape.ToList();
            while (actual.Count > shape.Length && actual[^1] == 1)
            {
                actual.RemoveAt(actual.Count - 1);
            }

            if (!actual.SequenceEqual(shape))
            {
                throw Bad($"tensor '{name}' has shape [{string.Join(", ", tensor.Shape)}] but the hyper-parameters call for [{string.Join(", ", shape)}]");
            }
        }

        private int Positive(string key)
        {
            var value = file.GetUInt(key) ?? throw Bad($"required key {key} is missing");
            if (value is 0 or > int.MaxValue)
            {
                throw Bad($"{key} is {value}; a positive 32-bit number is required");
            }

            return (int)value;
        }

        private int DivideHeads(int embedding, int heads) =>
            embedding % heads == 0 ? embedding / heads : throw Bad($"embedding_length ({embedding}) is not a multiple of head_count ({heads})");

        private ServingException Bad(string problem) => ServingException.Invalid($"GGUF file '{fileName}': {problem}");
    }
}
