namespace Switchyard.SampleModels.Onnx;

/// <summary>
/// Builds a single-graph ONNX ModelProto (IR 8, default opset 17) from float initializers and
/// nodes. Field numbers follow onnx/onnx.proto.
/// </summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    /// <summary>TensorProto.DataType values used by the samples.</summary>
    public const int Float = 1;
    public const int Int64 = 7;
    public const int Double = 11;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];

    /// <summary>Adds a graph input; a null dimension is the free batch dimension "N".</summary>
    public OnnxGraphBuilder Input(string name, int elementType, params long?[] dims)
    {
        _inputs.Add(ValueInfo(name, elementType, dims));
        return this;
    }

    public OnnxGraphBuilder Output(string name, int elementType, params long?[] dims)
    {
        _outputs.Add(ValueInfo(name, elementType, dims));
        return this;
    }

    /// <summary>A float constant stored as raw little-endian bytes, as onnx.helper does.</summary>
    public OnnxGraphBuilder Initializer(string name, long[] dims, float[] values)
    {
        var tensor = new ProtoWriter();
        tensor.WritePackedInt64s(1, dims);
        tensor.WriteVarint(2, Float);
        tensor.WriteString(8, name);
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("raw_data must be little-endian");
        }

        tensor.WriteBytes(9, raw);
        _initializers.Add(tensor);
        return this;
    }

    /// <summary>Adds a node; <paramref name="intAttributes"/> become INT attributes (for example Gemm's transB).</summary>
    public OnnxGraphBuilder Node(string opType, string name, string[] inputs, string[] outputs, params (string Name, long Value)[] intAttributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.WriteString(1, input);
        }

        foreach (var output in outputs)
        {
            node.WriteString(2, output);
        }

        node.WriteString(3, name);
        node.WriteString(4, opType);
        foreach (var (attributeName, value) in intAttributes)
        {
            var attribute = new ProtoWriter();
            attribute.WriteString(1, attributeName);
            attribute.WriteVarint(3, value);
            attribute.WriteVarint(20, 2); // AttributeType.INT
            node.WriteMessage(5, attribute);
        }

        _nodes.Add(node);
        return this;
    }

    public byte[] Build(string producerName)
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
        {
            graph.WriteMessage(1, node);
        }

        graph.WriteString(2, graphName);
        foreach (var initializer in _initializers)
        {
            graph.WriteMessage(5, initializer);
        }

        foreach (var input in _inputs)
        {
            graph.WriteMessage(11, input);
        }

        foreach (var output in _outputs)
        {
            graph.WriteMessage(12, output);
        }

        var opset = new ProtoWriter();
        opset.WriteString(1, string.Empty);
        opset.WriteVarint(2, 17);

        var model = new ProtoWriter();
        model.WriteVarint(1, 8);
        model.WriteString(2, producerName);
        model.WriteMessage(7, graph);
        model.WriteMessage(8, opset);
        return model.ToArray();
    }

    private static ProtoWriter ValueInfo(string name, int elementType, long?[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            var dimension = new ProtoWriter();
            if (dim is { } value)
            {
                dimension.WriteVarint(1, value);
            }
            else
            {
                dimension.WriteString(2, "N");
            }

            shape.WriteMessage(1, dimension);
        }

        var tensorType = new ProtoWriter();
        tensorType.WriteVarint(1, elementType);
        tensorType.WriteMessage(2, shape);

        var type = new ProtoWriter();
        type.WriteMessage(1, tensorType);

        var valueInfo = new ProtoWriter();
        valueInfo.WriteString(1, name);
        valueInfo.WriteMessage(2, type);
        return valueInfo;
    }
}
