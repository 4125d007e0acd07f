namespace Switchyard.SampleModels.Gguf;

/// <summary>The ways <see cref="TinyLlamaModels.WriteMalformed"/> can spoil a tiny model.</summary>
public enum MalformedGguf
{
    /// <summary>The file stops in the middle of the tensor data.</summary>
    Truncated,

    /// <summary>The first four bytes are not "GGUF".</summary>
    BadMagic,

    /// <summary>A tensor's offset points past the end of the file.</summary>
    TensorOffsetOutOfRange,

    /// <summary>A tensor's offset is not a multiple of the alignment.</summary>
    TensorOffsetMisaligned,

    /// <summary>A tensor's shape disagrees with the hyper-parameters (attn_q is E×(E/2)).</summary>
    TensorShapeMismatch,

    /// <summary>llama.embedding_length is missing.</summary>
    MissingRequiredKey,

    /// <summary>
    /// An SPM vocabulary without the 256 byte tokens: llama.cpp loads it but aborts the process
    /// when a prompt holds a character outside the vocabulary.
    /// </summary>
    NoByteTokens,

    /// <summary>tokenizer.ggml.model is "no_vocab" and there are no tokens: no text prompts.</summary>
    NoVocab,

    /// <summary>tokenizer.ggml.model is "llama" but tokenizer.ggml.tokens is missing.</summary>
    MissingTokens,
}
