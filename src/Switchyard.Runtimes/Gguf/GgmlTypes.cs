namespace Switchyard.Runtimes.Gguf;

/// <summary>
/// The ggml tensor types llama.cpp can load, with their block layout (elements per block, bytes per
/// block) as in ggml's type traits, so a tensor's byte size is known without reading it.
/// </summary>
public static class GgmlTypes
{
    private static readonly Dictionary<uint, (string Name, int BlockElements, int BlockBytes)> Known = new()
    {
        [0] = ("F32", 1, 4),
        [1] = ("F16", 1, 2),
        [2] = ("Q4_0", 32, 18),
        [3] = ("Q4_1", 32, 20),
        [6] = ("Q5_0", 32, 22),
        [7] = ("Q5_1", 32, 24),
        [8] = ("Q8_0", 32, 34),
        [9] = ("Q8_1", 32, 36),
        [10] = ("Q2_K", 256, 84),
        [11] = ("Q3_K", 256, 110),
        [12] = ("Q4_K", 256, 144),
        [13] = ("Q5_K", 256, 176),
        [14] = ("Q6_K", 256, 210),
        [15] = ("Q8_K", 256, 292),
        [16] = ("IQ2_XXS", 256, 66),
        [17] = ("IQ2_XS", 256, 74),
        [18] = ("IQ3_XXS", 256, 98),
        [19] = ("IQ1_S", 256, 50),
        [20] = ("IQ4_NL", 32, 18),
        [21] = ("IQ3_S", 256, 110),
        [22] = ("IQ2_S", 256, 82),
        [23] = ("IQ4_XS", 256, 136),
        [24] = ("I8", 1, 1),
        [25] = ("I16", 1, 2),
        [26] = ("I32", 1, 4),
        [27] = ("I64", 1, 8),
        [28] = ("F64", 1, 8),
        [29] = ("IQ1_M", 256, 56),
        [30] = ("BF16", 1, 2),
        [34] = ("TQ1_0", 256, 54),
        [35] = ("TQ2_0", 256, 66),
        [39] = ("MXFP4", 32, 17),
    };

    /// <summary>llama_ftype values (general.file_type) and the names quantizers give them.</summary>
    private static readonly Dictionary<ulong, string> FileTypes = new()
    {
        [0] = "F32",
        [1] = "F16",
        [2] = "Q4_0",
        [3] = "Q4_1",
        [7] = "Q8_0",
        [8] = "Q5_0",
        [9] = "Q5_1",
        [10] = "Q2_K",
        [11] = "Q3_K_S",
        [12] = "Q3_K_M",
        [13] = "Q3_K_L",
        [14] = "Q4_K_S",
        [15] = "Q4_K_M",
        [16] = "Q5_K_S",
        [17] = "Q5_K_M",
        [18] = "Q6_K",
        [19] = "IQ2_XXS",
        [20] = "IQ2_XS",
        [21] = "Q2_K_S",
        [22] = "IQ3_XS",
        [23] = "IQ3_XXS",
        [24] = "IQ1_S",
        [25] = "IQ4_NL",
        [26] = "IQ3_S",
        [27] = "IQ3_M",
        [28] = "IQ2_S",
        [29] = "IQ2_M",
        [30] = "IQ4_XS",
        [31] = "IQ1_M",
        [32] = "BF16",
        [36] = "TQ1_0",
        [37] = "TQ2_0",
        [38] = "MXFP4_MOE",
    };

    /// <summary>The type's name (F32, Q4_K…), or null for a type llama.cpp does not know.</summary>
    public static string? NameOf(uint type) => Known.TryGetValue(type, out var traits) ? traits.Name : null;

    /// <summary>The name of a general.file_type value, or null when unknown.</summary>
    public static string? FileTypeName(ulong fileType) => FileTypes.GetValueOrDefault(fileType);

    /// <summary>
    /// The bytes a tensor of this type and shape occupies, or null when the type is unknown or the
    /// row length is not a whole number of blocks.
    /// </summary>
    public static long? ByteSize(uint type, IReadOnlyList<long> shape)
    {
        if (!Known.TryGetValue(type, out var traits) || shape.Count == 0 || shape[0] % traits.BlockElements != 0)
        {
            return null;
        }

        var bytes = shape[0] / traits.BlockElements * traits.BlockBytes;
        for (var d = 1; d < shape.Count; d++)
        {
            bytes *= shape[d];
        }

        return bytes;
    }
}
