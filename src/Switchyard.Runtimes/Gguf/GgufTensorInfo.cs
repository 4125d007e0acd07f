namespace Switchyard.Runtimes.Gguf;

/// <summary>One tensor's description in a GGUF file; <see cref="Shape"/> lists ne0 (the row length) first.</summary>
/// <param name="Offset">Offset of its data from the start of the data section.</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Shape, uint GgmlType, ulong Offset)
{
    /// <summary>The number of elements (the product of the dimensions).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dimension in Shape)
            {
                count *= dimension;
            }

            return count;
        }
    }
}
