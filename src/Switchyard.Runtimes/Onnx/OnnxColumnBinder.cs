using System.Text.Json;
using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// Feeds a column-based signature: with one graph input the columns are stacked in signature
/// order into [N, columns] (MLflow's <c>DataFrame.values</c>); with several, each input takes the
/// column of its name as [N] or [N, 1].
/// </summary>
internal sealed class OnnxColumnBinder : OnnxInputBinder
{
    private readonly SignatureField[] _columns;
    private readonly ScalarKind[] _kinds;
    private readonly int[] _columnOfInput;
    private readonly string _columnList;

    private OnnxColumnBinder(OnnxInputSpec[] inputs, SignatureField[] columns, ScalarKind[] kinds, int[] columnOfInput)
        : base(inputs)
    {
        _columns = columns;
        _kinds = kinds;
        _columnOfInput = columnOfInput;
        _columnList = string.Join(", ", Array.ConvertAll(columns, static c => c.Name));
    }

    private bool Stacked => _columnOfInput.Length == 0;

    public static OnnxColumnBinder Create(OnnxInputSpec[] inputs, IReadOnlyList<SignatureField> signatureInputs)
    {
        var columns = new SignatureField[signatureInputs.Count];
        var kinds = new ScalarKind[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = signatureInputs[c];
            if (columns[c].Name is null)
            {
                throw ServingException.Invalid($"signature input {c} has no name; a column-based signature needs named columns");
            }

            if (!ScalarTypes.TryGetKind(columns[c].Type, out kinds[c]))
            {
                throw ServingException.Invalid($"signature column '{columns[c].Name}' has type '{columns[c].Type}', which cannot be fed to an ONNX numeric tensor");
            }
        }

        if (inputs.Length == 1)
        {
            var dims = inputs[0].Dims;
            var fits = (dims.Length == 2 && (dims[1] < 0 || dims[1] == columns.Length)) || (dims.Length == 1 && columns.Length == 1);
            if (!fits)
            {
                throw ServingException.Invalid($"ONNX input '{inputs[0].Name}' is {inputs[0].Describe()}; it cannot hold the signature's {columns.Length} columns");
            }

            return new OnnxColumnBinder(inputs, columns, kinds, []);
        }

        var columnOfInput = new int[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            columnOfInput[i] = IndexOf(columns, inputs[i].Name);
            var dims = inputs[i].Dims;
            if (columnOfInput[i] < 0)
            {
                throw ServingException.Invalid($"ONNX input '{inputs[i].Name}' has no column of that name in the signature");
            }

            if (dims.Length is < 1 or > 2 || (dims.Length == 2 && dims[1] > 1))
            {
                throw ServingException.Invalid($"ONNX input '{inputs[i].Name}' is {inputs[i].Describe()}; a column feeds only [N] or [N, 1]");
            }
        }

        return new OnnxColumnBinder(inputs, columns, kinds, columnOfInput);
    }

    public override OnnxBoundInputs? Bind(ScoringRequest request, out string? error)
    {
        // Named feeds (dataframes, instances of objects, inputs of {name: list}) are matched by name;
        // an unnamed tensor of rows is read by position. MLflow builds a DataFrame from named
        // columns, so those answer as records.
        Span<int> feedOfColumn = _columns.Length <= 64 ? stackalloc int[_columns.Length] : new int[_columns.Length];
        int rows;
        ScoringFeed? positional = null;
        if (request.IsNamed)
        {
            error = MatchColumns(request.Feeds, feedOfColumn, out rows);
            if (error is not null)
            {
                return null;
            }
        }
        else
        {
            positional = request.Feeds[0];
            rows = positional.RowCount;
            error = CheckPositionalRows(positional);
            if (error is not null)
            {
                return null;
            }
        }

        var bound = new OnnxBoundInputs(Inputs.Length, recordsAnswer: request.IsNamed);
        error = Stacked
            ? FillStacked(bound, request.Feeds, feedOfColumn, positional, rows)
            : FillPerInput(bound, request.Feeds, feedOfColumn, positional, rows);
        if (error is not null)
        {
            bound.Dispose();
            return null;
        }

        return bound;
    }

    private string? MatchColumns(IReadOnlyList<ScoringFeed> feeds, Span<int> feedOfColumn, out int rows)
    {
        feedOfColumn.Fill(-1);
        rows = feeds[0].RowCount;
        for (var f = 0; f < feeds.Count; f++)
        {
            var column = IndexOf(_columns, feeds[f].Name!);
            if (column < 0)
            {
                return $"unknown column '{feeds[f].Name}'; the model's columns are {_columnList}";
            }

            if (feeds[f].RowCount != rows)
            {
                return $"column '{feeds[f].Name}' has {feeds[f].RowCount} rows; column '{feeds[0].Name}' has {rows}";
            }

            feedOfColumn[column] = f;
        }

        for (var c = 0; c < _columns.Length; c++)
        {
            if (feedOfColumn[c] < 0)
            {
                return $"missing column '{_columns[c].Name}' ({_columns[c].Type}); the model's columns are {_columnList}";
            }
        }

        return null;
    }

    private string? CheckPositionalRows(ScoringFeed feed)
    {
        var rows = feed.Rows;
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            var scalarRow = _columns.Length == 1 && row.ValueKind != JsonValueKind.Array;
            if (!scalarRow && (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != _columns.Length))
            {
                var got = row.ValueKind == JsonValueKind.Array ? $"{row.GetArrayLength()} values" : JsonText.Got(row);
                return $"row {r} has {got}; expected a list of {_columns.Length} values ({_columnList})";
            }
        }

        return null;
    }

    private string? FillStacked(OnnxBoundInputs bound, IReadOnlyList<ScoringFeed> feeds, ReadOnlySpan<int> feedOfColumn, ScoringFeed? positional, int rows)
    {
        var width = _columns.Length;
        if ((long)rows * width > MaxElements)
        {
            return $"the request has {rows} rows; at most {MaxElements / width} fit in one call";
        }

        var input = Inputs[0];
        var buffer = new OnnxTensorBuffer(input.ElementType, rows * width);
        bound.Track(0, buffer);
        for (var c = 0; c < width; c++)
        {
            var feed = positional ?? feeds[feedOfColumn[c]];
            for (var r = 0; r < rows; r++)
            {
                var cell = CellOf(feed, r, c, positional is not null);
                if (!buffer.TrySet((r * width) + c, cell, _kinds[c]))
                {
                    return CellError(c, r, cell);
                }
            }
        }

        long[] shape = input.Dims.Length == 2 ? [rows, width] : [rows];
        bound.Set(0, buffer, shape);
        return null;
    }

    private string? FillPerInput(OnnxBoundInputs bound, IReadOnlyList<ScoringFeed> feeds, ReadOnlySpan<int> feedOfColumn, ScoringFeed? positional, int rows)
    {
        if (rows > MaxElements)
        {
            return $"the request has {rows} rows; at most {MaxElements} fit in one call";
        }

        for (var i = 0; i < Inputs.Length; i++)
        {
            var c = _columnOfInput[i];
            var feed = positional ?? feeds[feedOfColumn[c]];
            var buffer = new OnnxTensorBuffer(Inputs[i].ElementType, rows);
            bound.Track(i, buffer);
            for (var r = 0; r < rows; r++)
            {
                var cell = CellOf(feed, r, c, positional is not null);
                if (!buffer.TrySet(r, cell, _kinds[c]))
                {
                    return CellError(c, r, cell);
                }
            }

            long[] shape = Inputs[i].Dims.Length == 2 ? [rows, 1] : [rows];
            bound.Set(i, buffer, shape);
        }

        return null;
    }

    private JsonElement CellOf(ScoringFeed feed, int row, int column, bool positional)
    {
        var value = feed.Rows[row];
        return positional && value.ValueKind == JsonValueKind.Array ? value[column] : value;
    }

    private string CellError(int column, int row, JsonElement cell) =>
        $"column '{_columns[column].Name}' row {row}: expected {JsonText.Expected(_kinds[column], _columns[column].Type)}, got {JsonText.Got(cell)}";

    private static int IndexOf(SignatureField[] columns, string name)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            if (string.Equals(columns[c].Name, name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }
}
