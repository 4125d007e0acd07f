using System.Text;
using Microsoft.ML.OnnxRuntime.Tensors;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Runtimes.Onnx;

/// <summary>One input of the ONNX graph: its name, element type and dimensions (-1 is free).</summary>
internal sealed record OnnxInputSpec(string Name, TensorElementType ElementType, long[] Dims)
{
    public ScalarKind Kind => OnnxTensorBuffer.KindOf(ElementType);

    public string Describe()
    {
        var text = new StringBuilder(OnnxTensorBuffer.DtypeName(ElementType)).Append(" [");
        for (var i = 0; i < Dims.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(Dims[i]);
        }

        return text.Append(']').ToString();
    }
}
