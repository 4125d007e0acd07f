using System.Text;
using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// Turns a parsed scoring request into the graph's input tensors the way MLflow's onnx flavor
/// does. The plan is fixed at load (<see cref="Create"/>); <see cref="Bind"/> is thread-safe.
/// </summary>
internal abstract class OnnxInputBinder(OnnxInputSpec[] inputs)
{
    // Guards against a request that would make a huge tensor from a small body.
    protected const long MaxElements = 64L * 1024 * 1024;

    protected OnnxInputSpec[] Inputs { get; } = inputs;

    /// <summary>Checks that the signature can feed the graph; throws INVALID_PARAMETER_VALUE if not.</summary>
    public static OnnxInputBinder Create(OnnxInputSpec[] inputs, ModelSignature signature)
    {
        foreach (var input in inputs)
        {
            if (!OnnxTensorBuffer.Supports(input.ElementType))
            {
                throw ServingException.Invalid($"ONNX input '{input.Name}' has element type {input.ElementType}; only float, double, int32, int64 and bool inputs are supported");
            }
        }

        return signature.IsTensorBased
            ? new OnnxTensorBinder(inputs)
            : OnnxColumnBinder.Create(inputs, signature.Inputs);
    }

    /// <summary>Builds the input tensors, or returns null and a message naming the fault.</summary>
    public abstract OnnxBoundInputs? Bind(ScoringRequest request, out string? error);

    protected static string Shape(ReadOnlySpan<long> dims)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < dims.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(dims[i]);
        }

        return text.Append(']').ToString();
    }
}
