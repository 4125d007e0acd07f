using Switchyard.Core.Endpoints;
using Switchyard.Core.Registry;
using Switchyard.Core.Runtimes;

namespace Switchyard.Server.Registry.Wire;

/// <summary>
/// The Unity Catalog <c>ModelVersionInfo</c>. <see cref="Flavor"/> and <see cref="Signature"/> are
/// our extension: the MLflow flavor that serves the version and its input/output schema, read
/// from its MLmodel at registration; <see cref="Details"/> is what a GGUF file says of itself.
/// </summary>
internal sealed record ModelVersionInfo(
    string Id,
    string ModelName,
    string CatalogName,
    string SchemaName,
    int Version,
    string Status,
    string Source,
    string StorageLocation,
    string? Comment,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<RegisteredModelAlias> Aliases,
    string Flavor,
    SignatureInfo Signature,
    ModelDetailsInfo? Details = null);

/// <summary>A version's signature on the wire: <c>{"inputs": […], "outputs": […]}</c>, each field <c>{name?, type, shape?, required}</c>.</summary>
internal sealed record SignatureInfo(IReadOnlyList<SignatureField> Inputs, IReadOnlyList<SignatureField> Outputs);

/// <summary>
/// What a GGUF version's file says of itself (our extension). The chat template's text stays on
/// the server; the answer says whether there is one.
/// </summary>
internal sealed record ModelDetailsInfo(
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
    string Tokenizer,
    bool ChatTemplatePresent,
    string ModelFile,
    int ThroughputChunkSize)
{
    public static ModelDetailsInfo? Of(ModelVersion version) => version.Details is not { } d
        ? null
        : new(d.Architecture, d.ModelType, d.Name, d.ContextLength, d.ParameterCount, d.Quantization, d.EmbeddingLength,
            d.BlockCount, d.HeadCount, d.HeadCountKv, d.ExpertCount, d.ExpertUsedCount, d.VocabSize, d.TokenizerModel,
            d.ChatTemplatePresent, d.ModelFile, ThroughputChunks.ChunkSizeOf(version));
}
