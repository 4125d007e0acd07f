using Microsoft.ML.OnnxRuntime.Tensors;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// The one-pass path for the commonest tensor body, <c>{"inputs": [[…]]}</c> or
/// <c>{"instances": [[…]]}</c> of numbers against a model with one float input: a
/// <see cref="TensorBodyScanner"/> casts each number straight into the pooled tensor buffer, with no
/// JsonDocument and no token per value. It accepts only what the general path would accept
/// with the same tensor; on anything else (another key, params, ragged rows, a wrong size, a
/// non-number, bad JSON) it gives up and the general path parses the body and words the error.
/// </summary>
internal sealed class OnnxTensorBodyReader
{
    private const int MaxRank = 8;

    // Bodies past this go the general way: the buffer is rented for the most numbers the body
    // could hold, and a rent that large is better sized from the parsed shape.
    private const int MaxBodyBytes = 1024 * 1024;

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
        var written = TensorBodyScanner.Read(body, _input.Dims, buffer.FloatSlots, dims);
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
}
