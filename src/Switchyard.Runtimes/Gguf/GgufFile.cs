namespace Switchyard.Runtimes.Gguf;

/// <summary>What the header of a GGUF file holds: metadata and tensor infos, not the weights.</summary>
/// <param name="DataOffset">Absolute offset of the (aligned) tensor data section.</param>
public sealed record GgufFile(
    uint Version,
    IReadOnlyDictionary<string, GgufMetadataValue> Metadata,
    IReadOnlyList<GgufTensorInfo> Tensors,
    int Alignment,
    long DataOffset,
    long FileLength)
{
    /// <summary>A string value, or null when absent or not a string.</summary>
    public string? GetString(string key) =>
        Metadata.TryGetValue(key, out var value) ? value.Scalar as string : null;

    /// <summary>An unsigned integer value, or null when absent or not a non-negative integer.</summary>
    public ulong? GetUInt(string key) =>
        Metadata.TryGetValue(key, out var value) ? value.AsUInt64() : null;
}
