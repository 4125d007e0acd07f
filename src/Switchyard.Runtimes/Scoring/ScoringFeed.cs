using System.Buffers;
using System.Text.Json;

namespace Switchyard.Runtimes.Scoring;

/// <summary>
/// One named column or tensor of a request, as one JSON element per row (a scalar for a dataframe
/// column, possibly a nested list for a tensor). Name is null for the unnamed tensor of
/// <c>instances: [[…]]</c> or <c>inputs: [[…]]</c>. The row array is pooled.
/// </summary>
public sealed class ScoringFeed
{
    private JsonElement[] _rows;

    internal ScoringFeed(string? name, int capacity)
    {
        Name = name;
        _rows = ArrayPool<JsonElement>.Shared.Rent(Math.Max(capacity, 1));
    }

    public string? Name { get; }

    public int RowCount { get; private set; }

    public ReadOnlySpan<JsonElement> Rows => _rows.AsSpan(0, RowCount);

    internal void Add(JsonElement row)
    {
        if (RowCount == _rows.Length)
        {
            var bigger = ArrayPool<JsonElement>.Shared.Rent(_rows.Length * 2);
            _rows.AsSpan(0, RowCount).CopyTo(bigger);
            ArrayPool<JsonElement>.Shared.Return(_rows, clearArray: true);
            _rows = bigger;
        }

        _rows[RowCount++] = row;
    }

    internal void Release()
    {
        // Cleared so pooled arrays do not keep the request's JsonDocument reachable.
        ArrayPool<JsonElement>.Shared.Return(_rows, clearArray: true);
        _rows = [];
        RowCount = 0;
    }
}
