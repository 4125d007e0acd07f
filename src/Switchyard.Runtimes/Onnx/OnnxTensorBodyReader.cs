using System.Text.Json;
using Microsoft.ML.OnnxRuntime.Tensors;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// The one-pass path for the commonest tensor body, <c>{"inputs": [[…]]}</c> or
/// <c>{"instances": [[…]]}</c> of numbers against a model with one float input: a
/// <see cref="Utf8JsonReader"/> casts each number straight into the pooled tensor buffer, with no
/// JsonDocument and no JsonElement per value. It accepts only what the general path would accept
/// with the same tensor; on anything else (another key, params, ragged rows, a wrong size, a
/// non-number, bad JSON) it gives up and the general path parses the body and words the error.
/// </summary>
internal sealed class OnnxTensorBodyReader
{
    private const int MaxRank = 8;

    // Bodies past this go the general way: the buffer is rented for the most numbers the body
    // could hold, and a rent that large is better sized from the parsed shape.
    private const int MaxBodyBytes = 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    private readonly OnnxInputSpec _input;

    private OnnxTensorBodyReader(OnnxInputSpec input) => _input = input;

    /// <summary>A reader for the model when it has the one float input this path serves; null otherwise.</summary>
    public static OnnxTensorBodyReader? For(OnnxInputSpec[] inputs, ModelSignature signature) =>
        signature.IsTensorBased && inputs.Length == 1 && inputs[0].ElementType == TensorElementType.Float
            && inputs[0].Dims.Length is >= 1 and <= MaxRank
            ? new OnnxTensorBodyReader(inputs[0])
            : null;

    /// <summary>The bound input when the body is a plain numeric tensor that fits; null to take the general path.</summary>
    public OnnxBoundInputs? TryBind(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            return null;
        }

        // Every number takes at least one byte and a separator, so this many slots always suffice.
        var buffer = new OnnxTensorBuffer(TensorElementType.Float, (body.Length / 2) + 1);
        var rank = _input.Dims.Length;
        Span<long> dims = stackalloc long[rank];
        int written;
        try
        {
            written = Fill(body, buffer.FloatSlots, dims);
        }
        catch (JsonException)
        {
            written = -1;
        }

        if (written < 0)
        {
            buffer.Return();
            return null;
        }

        buffer.Truncate(written);
        var bound = new OnnxBoundInputs(1, recordsAnswer: false);
        bound.Set(0, buffer, dims.ToArray());
        return bound;
    }

    /// <summary>Reads the body into <paramref name="slots"/>; the count of values, or -1 when the body is not of this path.</summary>
    private int Fill(ReadOnlySpan<byte> body, Span<float> slots, Span<long> dims)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
            || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName
            || !(reader.ValueTextEquals("inputs"u8) || reader.ValueTextEquals("instances"u8))
            || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return -1;
        }

        // depth 0 is the list of rows; dims[d] is fixed by the first list closed at depth d and
        // every later one must match it, so the tensor is rectangular as the general path demands.
        var leaf = dims.Length - 1;
        Span<long> counts = stackalloc long[dims.Length];
        dims.Fill(-1);
        var depth = 0;
        var written = 0;
        while (true)
        {
            if (!reader.Read())
            {
                return -1;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Number when depth == leaf:
                    if (written == slots.Length || !reader.TryGetDouble(out var number))
                    {
                        return -1;
                    }

                    // Through double, as the general path casts, so both give the same float.
                    slots[written++] = (float)number;
                    counts[depth]++;
                    break;
                case JsonTokenType.StartArray when depth < leaf:
                    counts[depth]++;
                    depth++;
                    counts[depth] = 0;
                    break;
                case JsonTokenType.EndArray when depth > 0:
                    var length = counts[depth];
                    if (length == 0 || (dims[depth] >= 0 ? dims[depth] != length : _input.Dims[depth] >= 0 && _input.Dims[depth] != length))
                    {
                        return -1;
                    }

                    dims[depth] = length;
                    depth--;
                    break;
                case JsonTokenType.EndArray:
                    dims[0] = counts[0];
                    return dims[0] > 0 && reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? written : -1;
                default:
                    return -1;
            }
        }
    }
}
