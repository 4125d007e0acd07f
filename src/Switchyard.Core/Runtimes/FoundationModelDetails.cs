namespace Switchyard.Core.Runtimes;

/// <summary>
/// What a foundation-model file (GGUF) says of itself, read at registration and shown in the
/// version's JSON. <see cref="ChatTemplate"/> is kept for the engine; the JSON shows only whether
/// there is one.
/// </summary>
/// <param name="Architecture">general.architecture, for example <c>llama</c>.</param>
/// <param name="ModelType">The optimization-info model type: <c>llama</c>, or <c>mixtral</c> for a mixture of experts.</param>
/// <param name="ParameterCount">The sum of all tensors' element counts.</param>
/// <param name="Quantization">The file type's name (Q4_K_M…) or, without one, the dominant tensor type.</param>
/// <param name="ThroughputChunkSize">A chunk size the version sets for itself (MLmodel), or null for the default.</param>
public sealed record FoundationModelDetails(
    string Architecture,
    string ModelType,
    string? Name,
    int ContextLength,
    long ParameterCount,
    string Quantization,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int HeadCountKv,
    int ExpertCount,
    int ExpertUsedCount,
    int VocabSize,
    string TokenizerModel,
    string? ChatTemplate,
    string ModelFile,
    int? ThroughputChunkSize = null)
{
    /// <summary>True when the file carries tokenizer.chat_template.</summary>
    public bool ChatTemplatePresent => ChatTemplate is not null;
}
