using System.Text;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime.Tensors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// The one-pass path for <c>{"dataframe_split": {"columns": […], "data": [[…], …]}}</c> against a
/// column signature of numbers stacked into one float input (MLflow's <c>DataFrame.values</c>):
/// a <see cref="Utf8JsonReader"/> matches the column names to the signature and casts each cell
/// straight into its slot of the pooled tensor buffer. It accepts only what the general path
/// would bind to the same tensor; on anything else (other keys, a name it does not know or sees
/// twice, a short row, a non-number, bad JSON) it gives up and the general path words the error.
/// </summary>
internal sealed class OnnxSplitBodyReader
{
    // Bodies past this go the general way: the buffer is rented for the most numbers the body could hold.
    private const int MaxBodyBytes = 1024 * 1024;

    // Width up to which the column map lives on the stack.
    private const int MaxStackColumns = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    private readonly byte[][] _columnNames;
    private readonly bool _matrix;

    private OnnxSplitBodyReader(byte[][] columnNames, bool matrix)
    {
        _columnNames = columnNames;
        _matrix = matrix;
    }

    /// <summary>A reader when the model stacks float or double columns into its one float input; null otherwise.</summary>
    public static OnnxSplitBodyReader? For(OnnxInputSpec[] inputs, ModelSignature signature)
    {
        if (signature.IsTensorBased || inputs.Length != 1 || inputs[0].ElementType != TensorElementType.Float
            || signature.Inputs.Count is 0 or > MaxStackColumns)
        {
            return null;
        }

        var names = new byte[signature.Inputs.Count][];
        for (var c = 0; c < names.Length; c++)
        {
            var column = signature.Inputs[c];
            if (column.Name is null || !ScalarTypes.TryGetKind(column.Type, out var kind) || kind != ScalarKind.Floating)
            {
                return null;
            }

            names[c] = Encoding.UTF8.GetBytes(column.Name);
        }

        return new OnnxSplitBodyReader(names, matrix: inputs[0].Dims.Length == 2);
    }

    /// <summary>The bound input when the body is a plain numeric dataframe_split of the model's columns; null to take the general path.</summary>
    public OnnxBoundInputs? TryBind(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            return null;
        }

        // Every number takes at least one byte and a separator, so this many slots always suffice.
        var buffer = new OnnxTensorBuffer(TensorElementType.Float, (body.Length / 2) + 1);
        int rows;
        try
        {
            rows = Fill(body, buffer.FloatSlots);
        }
        catch (JsonException)
        {
            rows = -1;
        }

        if (rows <= 0)
        {
            buffer.Return();
            return null;
        }

        var width = _columnNames.Length;
        buffer.Truncate(rows * width);
        var bound = new OnnxBoundInputs(1, recordsAnswer: true);
        bound.Set(0, buffer, _matrix ? [rows, width] : [rows]);
        return bound;
    }

    /// <summary>Reads the body into <paramref name="slots"/> in signature column order; the row count, or -1 when the body is not of this path.</summary>
    private int Fill(ReadOnlySpan<byte> body, Span<float> slots)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        if (!Expect(ref reader, JsonTokenType.StartObject) || !ExpectName(ref reader, "dataframe_split"u8)
            || !Expect(ref reader, JsonTokenType.StartObject) || !ExpectName(ref reader, "columns"u8)
            || !Expect(ref reader, JsonTokenType.StartArray))
        {
            return -1;
        }

        // slotOf[j] is the signature column of the request's j-th column, as the general path
        // stacks by name, not by the order the request lists them in.
        var width = _columnNames.Length;
        Span<int> slotOf = stackalloc int[width];
        Span<bool> seen = stackalloc bool[width];
        var listed = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            var column = FindColumn(ref reader, listed);
            if (listed == width || column < 0 || seen[column])
            {
                return -1;
            }

            seen[column] = true;
            slotOf[listed++] = column;
        }

        if (reader.TokenType != JsonTokenType.EndArray || listed != width
            || !ExpectName(ref reader, "data"u8) || !Expect(ref reader, JsonTokenType.StartArray))
        {
            return -1;
        }

        var rows = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            var rowStart = rows * width;
            if (rowStart + width > slots.Length)
            {
                return -1;
            }

            for (var j = 0; j < width; j++)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !JsonDecimal.TryGetDouble(ref reader, out var number))
                {
                    return -1;
                }

                // Through double, as the general path casts, so both give the same float.
                slots[rowStart + slotOf[j]] = (float)number;
            }

            if (!Expect(ref reader, JsonTokenType.EndArray))
            {
                return -1;
            }

            rows++;
        }

        return reader.TokenType == JsonTokenType.EndArray && Expect(ref reader, JsonTokenType.EndObject)
            && Expect(ref reader, JsonTokenType.EndObject) && !reader.Read()
            ? rows
            : -1;
    }

    private int FindColumn(ref Utf8JsonReader reader, int hint)
    {
        if (hint < _columnNames.Length && reader.ValueTextEquals(_columnNames[hint]))
        {
            return hint;
        }

        for (var c = 0; c < _columnNames.Length; c++)
        {
            if (reader.ValueTextEquals(_columnNames[c]))
            {
                return c;
            }
        }

        return -1;
    }

    private static bool Expect(ref Utf8JsonReader reader, JsonTokenType type) => reader.Read() && reader.TokenType == type;

    private static bool ExpectName(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name);
}
