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

    /// <summary>Each value's shape, as it was bound.</summary>
    public long[][] Shapes { get; } = new long[count][];

    /// <summary>True when MLflow would have built a DataFrame, so the answer is a list of records.</summary>
    public bool RecordsAnswer { get; } = recordsAnswer;

    public void Set(int index, OnnxTensorBuffer buffer, long[] shape)
    {
        _buffers[index] = buffer;
        Shapes[index] = shape;
        Values[index] = buffer.ToOrtValue(shape);
    }

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
