using System.Text.Json;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// Feeds a tensor-based signature: named tensors go to the graph input of the same name, an
/// unnamed tensor to the only input; a dataframe sent to a one-input graph is stacked by column
/// as MLflow's <c>DataFrame.values</c> would be. Nested lists must be rectangular.
/// </summary>
internal sealed class OnnxTensorBinder(OnnxInputSpec[] inputs) : OnnxInputBinder(inputs)
{
    private const int MaxRank = 8;

    private readonly string _inputList = string.Join(", ", Array.ConvertAll(inputs, static i => i.Name));

    public override OnnxBoundInputs? Bind(ScoringRequest request, out string? error)
    {
        var feeds = request.Feeds;
        if (request.IsDataFrame && Inputs.Length == 1 && FeedIndex(feeds, Inputs[0].Name) < 0)
        {
            return BindStackedColumns(request, out error);
        }

        var bound = new OnnxBoundInputs(Inputs.Length, recordsAnswer: request.IsDataFrame);
        if (!request.IsNamed)
        {
            if (Inputs.Length != 1)
            {
                error = $"the model has {Inputs.Length} inputs ({_inputList}); send them by name, e.g. \"inputs\": {{\"{Inputs[0].Name}\": [...]}}";
                return null;
            }

            error = FillTensor(bound, 0, feeds[0]);
        }
        else
        {
            error = MatchAndFill(bound, feeds);
        }

        if (error is not null)
        {
            bound.Dispose();
            return null;
        }

        return bound;
    }

    private string? MatchAndFill(OnnxBoundInputs bound, IReadOnlyList<ScoringFeed> feeds)
    {
        foreach (var feed in feeds)
        {
            if (InputIndex(feed.Name!) < 0)
            {
                return $"unknown input '{feed.Name}'; the model's inputs are {_inputList}";
            }
        }

        for (var i = 0; i < Inputs.Length; i++)
        {
            var f = FeedIndex(feeds, Inputs[i].Name);
            if (f < 0)
            {
                return $"missing input '{Inputs[i].Name}' ({Inputs[i].Describe()}); the model's inputs are {_inputList}";
            }

            var error = FillTensor(bound, i, feeds[f]);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private string? FillTensor(OnnxBoundInputs bound, int index, ScoringFeed feed)
    {
        var input = Inputs[index];
        var rows = feed.Rows;
        Span<long> dims = stackalloc long[MaxRank + 1];
        dims[0] = rows.Length;
        var rank = 1;
        var probe = rows[0];
        while (probe.ValueKind == JsonValueKind.Array)
        {
            if (rank == MaxRank)
            {
                return $"input '{input.Name}' is nested deeper than {MaxRank} levels";
            }

            dims[rank++] = probe.GetArrayLength();
            probe = probe.GetArrayLength() > 0 ? probe[0] : default;
        }

        // A list of scalars sent to an [N, 1] input is read as a column, as numpy would reshape it.
        var promote = rank == input.Dims.Length - 1 && input.Dims[^1] == 1;
        if (rank != input.Dims.Length && !promote)
        {
            return $"input '{input.Name}' has shape {Shape(dims[..rank])}; the model expects {input.Describe()}";
        }

        long count = 1;
        for (var d = 0; d < rank; d++)
        {
            count *= dims[d];
            if (d > 0 && input.Dims[d] >= 0 && input.Dims[d] != dims[d])
            {
                return $"input '{input.Name}' has shape {Shape(dims[..rank])}; the model expects {input.Describe()}";
            }
        }

        if (count > MaxElements)
        {
            return $"input '{input.Name}' has {count} values; at most {MaxElements} fit in one call";
        }

        var buffer = new OnnxTensorBuffer(input.ElementType, (int)count);
        bound.Track(index, buffer);
        var position = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            var error = FillRow(buffer, input, rows[r], dims[..rank], 1, r, ref position);
            if (error is not null)
            {
                return error;
            }
        }

        var shape = new long[promote ? rank + 1 : rank];
        dims[..rank].CopyTo(shape);
        if (promote)
        {
            shape[rank] = 1;
        }

        bound.Set(index, buffer, shape);
        return null;
    }

    private static string? FillRow(OnnxTensorBuffer buffer, OnnxInputSpec input, JsonElement element, ReadOnlySpan<long> dims, int depth, int row, ref int position)
    {
        if (depth == dims.Length)
        {
            return buffer.TrySet(position++, element, input.Kind)
                ? null
                : $"input '{input.Name}' row {row}: expected {JsonText.Expected(input.Kind, OnnxTensorBuffer.DtypeName(input.ElementType))}, got {JsonText.Got(element)}";
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != dims[depth])
        {
            var got = element.ValueKind == JsonValueKind.Array ? $"a list of {element.GetArrayLength()}" : JsonText.Got(element);
            return $"input '{input.Name}' row {row} is ragged: expected a list of {dims[depth]} at depth {depth}, got {got}";
        }

        foreach (var item in element.EnumerateArray())
        {
            var error = FillRow(buffer, input, item, dims, depth + 1, row, ref position);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private OnnxBoundInputs? BindStackedColumns(ScoringRequest request, out string? error)
    {
        var input = Inputs[0];
        var feeds = request.Feeds;
        var rows = feeds[0].RowCount;
        var width = feeds.Count;
        if (input.Dims.Length != 2 || (input.Dims[1] >= 0 && input.Dims[1] != width))
        {
            error = $"the dataframe has {width} columns; the model's input '{input.Name}' is {input.Describe()}";
            return null;
        }

        if ((long)rows * width > MaxElements)
        {
            error = $"the request has {rows} rows; at most {MaxElements / width} fit in one call";
            return null;
        }

        var bound = new OnnxBoundInputs(1, recordsAnswer: true);
        var buffer = new OnnxTensorBuffer(input.ElementType, rows * width);
        bound.Track(0, buffer);
        for (var c = 0; c < width; c++)
        {
            var cells = feeds[c].Rows;
            for (var r = 0; r < rows; r++)
            {
                if (!buffer.TrySet((r * width) + c, cells[r], input.Kind))
                {
                    error = $"column '{feeds[c].Name}' row {r}: expected {JsonText.Expected(input.Kind, OnnxTensorBuffer.DtypeName(input.ElementType))}, got {JsonText.Got(cells[r])}";
                    bound.Dispose();
                    return null;
                }
            }
        }

        bound.Set(0, buffer, [rows, width]);
        error = null;
        return bound;
    }

    private int InputIndex(string name)
    {
        for (var i = 0; i < Inputs.Length; i++)
        {
            if (string.Equals(Inputs[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FeedIndex(IReadOnlyList<ScoringFeed> feeds, string name)
    {
        for (var f = 0; f < feeds.Count; f++)
        {
            if (string.Equals(feeds[f].Name, name, StringComparison.Ordinal))
            {
                return f;
            }
        }

        return -1;
    }
}
