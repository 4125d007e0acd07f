using Microsoft.ML.OnnxRuntime;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// The OrtValues of one request, in the graph's input order, over pooled buffers. Disposing
/// releases the native views first, then hands the arrays back to the pool.
/// </summary>
internal sealed class OnnxBoundInputs(int count, bool recordsAnswer) : IDisposable
{
    private readonly OnnxTensorBuffer?[] _buffers = new OnnxTensorBuffer?[count];

    public OrtValue[] Values { get; } = new OrtValue[count];

    // Each value's shape as bound, for batching; the first apart, so a one-input model (the usual
    // case) allocates no array of shapes per query.
    private readonly long[]?[]? _moreShapes = count > 1 ? new long[count][] : null;
    private long[]? _firstShape;

    /// <summary>True when MLflow would have built a DataFrame, so the answer is a list of records.</summary>
    public bool RecordsAnswer { get; } = recordsAnswer;

    public void Set(int index, OnnxTensorBuffer buffer, long[] shape)
    {
        _buffers[index] = buffer;
        if (index == 0)
        {
            _firstShape = shape;
        }
        else
        {
            _moreShapes![index] = shape;
        }

        Values[index] = buffer.ToOrtValue(shape);
    }

    /// <summary>The shape value <paramref name="index"/> was bound with.</summary>
    public long[] ShapeOf(int index) => (index == 0 ? _firstShape : _moreShapes![index])!;

    /// <summary>Remembers a buffer that failed before it became an OrtValue, so it is returned too.</summary>
    public void Track(int index, OnnxTensorBuffer buffer) => _buffers[index] = buffer;

    public void Dispose()
    {
        for (var i = 0; i < Values.Length; i++)
        {
            Values[i]?.Dispose();
            _buffers[i]?.Return();
            _buffers[i] = null;
        }
    }
}
