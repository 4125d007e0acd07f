using System.Text;
using System.Text.Json;

namespace Switchyard.Runtimes.Scoring;

/// <summary>
/// A request body of the MLflow scoring protocol parsed once into named feeds, ready for a
/// runtime to check against its signature. Owns a pooled JsonDocument: dispose after scoring.
/// </summary>
public sealed class ScoringRequest : IDisposable
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private readonly JsonDocument _document;
    private readonly ScoringNames? _names;
    private readonly List<ScoringFeed> _feeds = new(4);

    private ScoringRequest(JsonDocument document, ScoringFormat format, ScoringNames? names)
    {
        _document = document;
        Format = format;
        _names = names;
    }

    public ScoringFormat Format { get; }

    /// <summary>True for <c>dataframe_split</c> and <c>dataframe_records</c>: MLflow builds a DataFrame.</summary>
    public bool IsDataFrame => Format is ScoringFormat.DataframeSplit or ScoringFormat.DataframeRecords;

    /// <summary>True when the feeds carry names (columns, or a <c>{name: tensor}</c> form).</summary>
    public bool IsNamed => _feeds.Count > 0 && _feeds[0].Name is not null;

    public IReadOnlyList<ScoringFeed> Feeds => _feeds;

    /// <summary>The <c>params</c> object, when the body has one; MLflow passes it to the model.</summary>
    public JsonElement? Params { get; private set; }

    /// <summary>
    /// Parses a body; on failure returns null and a message naming what is wrong. The document
    /// reads <paramref name="body"/> in place, so the bytes must outlive the request.
    /// </summary>
    public static ScoringRequest? TryParse(ReadOnlyMemory<byte> body, out string? error) => TryParse(body, null, out error);

    /// <summary>
    /// As <see cref="TryParse(ReadOnlyMemory{byte}, out string?)"/>; a column or tensor named as in
    /// <paramref name="names"/> gets that string, so known names cost no allocation.
    /// </summary>
    public static ScoringRequest? TryParse(ReadOnlyMemory<byte> body, ScoringNames? names, out string? error)
    {
        JsonDocument document;
        try
        {
            // Parse validates and builds in one pass over the caller's bytes; ParseValue over a
            // reader skipped the value first, then copied it and parsed the copy.
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            error = DescribeSyntaxError(body.Span);
            return null;
        }

        var request = Build(document, names, out error);
        if (request is null)
        {
            document.Dispose();
        }

        return request;
    }

    /// <summary>The message for a body that is not one JSON value; the cold path, so it reads the body again to tell the cases apart.</summary>
    private static string DescribeSyntaxError(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
            using var document = JsonDocument.ParseValue(ref reader);
            return reader.Read()
                ? "request body has content after its JSON value"
                : "request body is not valid JSON";
        }
        catch (JsonException e)
        {
            return $"request body is not valid JSON: {e.Message}";
        }
    }

    public void Dispose()
    {
        foreach (var feed in _feeds)
        {
            feed.Release();
        }

        _feeds.Clear();
        _document.Dispose();
    }

    private static ScoringRequest? Build(JsonDocument document, ScoringNames? names, out string? error)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"request body must be a JSON object with one of {FormatKeys.Expected}; got a JSON {Describe(root)}";
            return null;
        }

        ScoringFormat? format = null;
        JsonElement data = default;
        JsonElement? parameters = null;
        var formatCount = 0;
        var unknown = false;
        foreach (var property in root.EnumerateObject())
        {
            if (FormatKeys.TryGet(property, out var found))
            {
                format = found;
                data = property.Value;
                formatCount++;
            }
            else if (property.NameEquals("params"u8))
            {
                parameters = property.Value;
            }
            else if (!IsServingKey(property))
            {
                unknown = true;
            }
        }

        if (formatCount != 1 || unknown)
        {
            error = $"request body must have exactly one of {FormatKeys.Expected} (and optionally 'params', 'client_request_id', 'usage_context'); found keys: {KeyList(root)}";
            return null;
        }

        if (parameters is { } p && p.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            error = $"'params' must be a JSON object; got a JSON {Describe(p)}";
            return null;
        }

        var request = new ScoringRequest(document, format!.Value, names) { Params = parameters };
        error = format switch
        {
            ScoringFormat.DataframeSplit => request.ReadSplit(data),
            ScoringFormat.DataframeRecords => request.ReadRecords(data),
            ScoringFormat.Instances => request.ReadInstances(data),
            _ => request.ReadInputs(data),
        };
        if (error is null && (request._feeds.Count == 0 || request._feeds[0].RowCount == 0))
        {
            error = $"'{FormatKeys.Name(request.Format)}' holds no rows to score";
        }

        if (error is not null)
        {
            request.ReleaseFeeds();
            return null;
        }

        return request;
    }

    /// <summary>
    /// Keys the serving layer reads, not the model: <c>client_request_id</c> and
    /// <c>usage_context</c> go to the usage log and inference table, as Databricks takes them on
    /// every endpoint.
    /// </summary>
    private static bool IsServingKey(JsonProperty property) =>
        property.NameEquals("client_request_id"u8) || property.NameEquals("usage_context"u8);

    private string? ReadSplit(JsonElement split)
    {
        if (split.ValueKind != JsonValueKind.Object)
        {
            return $"'dataframe_split' must be an object with 'columns' and 'data'; got a JSON {Describe(split)}";
        }

        if (!split.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return "'dataframe_split' needs 'data': a list of rows";
        }

        var rowCount = data.GetArrayLength();
        if (!split.TryGetProperty("columns"u8, out var columns) || columns.ValueKind != JsonValueKind.Array)
        {
            return "'dataframe_split' needs 'columns': a list of column names";
        }

        foreach (var column in columns.EnumerateArray())
        {
            if (column.ValueKind != JsonValueKind.String)
            {
                return $"'dataframe_split' column names must be strings; got a JSON {Describe(column)}";
            }

            var name = _names?.Find(column, _feeds.Count) ?? column.GetString()!;
            if (FindFeed(name) is not null)
            {
                return $"'dataframe_split' names column '{name}' twice";
            }

            _feeds.Add(new ScoringFeed(name, rowCount));
        }

        var width = _feeds.Count;
        var rowIndex = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                return $"'dataframe_split' row {rowIndex} must be a list of {width} values; got a JSON {Describe(row)}";
            }

            var length = row.GetArrayLength();
            if (length != width)
            {
                return $"'dataframe_split' row {rowIndex} has {length} values; 'columns' names {width}";
            }

            var columnIndex = 0;
            foreach (var value in row.EnumerateArray())
            {
                _feeds[columnIndex++].Add(value);
            }

            rowIndex++;
        }

        return null;
    }

    private string? ReadRecords(JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            return $"'dataframe_records' must be a list of row objects; got a JSON {Describe(records)}";
        }

        var rowCount = records.GetArrayLength();
        var rowIndex = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                return $"'dataframe_records' row {rowIndex} must be an object of column values; got a JSON {Describe(record)}";
            }

            var error = AddNamedRow(record, rowIndex, rowCount, "dataframe_records");
            if (error is not null)
            {
                return error;
            }

            rowIndex++;
        }

        return null;
    }

    private string? ReadInstances(JsonElement instances)
    {
        if (instances.ValueKind != JsonValueKind.Array)
        {
            return $"'instances' must be a list of rows; got a JSON {Describe(instances)}";
        }

        var rowCount = instances.GetArrayLength();
        if (rowCount > 0 && instances[0].ValueKind == JsonValueKind.Object)
        {
            var rowIndex = 0;
            foreach (var instance in instances.EnumerateArray())
            {
                if (instance.ValueKind != JsonValueKind.Object)
                {
                    return $"'instances' row {rowIndex} must be an object like row 0; got a JSON {Describe(instance)}";
                }

                var error = AddNamedRow(instance, rowIndex, rowCount, "instances");
                if (error is not null)
                {
                    return error;
                }

                rowIndex++;
            }

            return null;
        }

        var feed = new ScoringFeed(null, rowCount);
        _feeds.Add(feed);
        foreach (var instance in instances.EnumerateArray())
        {
            feed.Add(instance);
        }

        return null;
    }

    private string? ReadInputs(JsonElement inputs)
    {
        if (inputs.ValueKind == JsonValueKind.Array)
        {
            var feed = new ScoringFeed(null, inputs.GetArrayLength());
            _feeds.Add(feed);
            foreach (var row in inputs.EnumerateArray())
            {
                feed.Add(row);
            }

            return null;
        }

        if (inputs.ValueKind != JsonValueKind.Object)
        {
            return $"'inputs' must be a tensor (a list) or an object of named tensors; got a JSON {Describe(inputs)}";
        }

        foreach (var property in inputs.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                return $"'inputs' tensor '{property.Name}' must be a list with one entry per row; got a JSON {Describe(property.Value)}";
            }

            var feed = new ScoringFeed(_names?.Find(property, _feeds.Count) ?? property.Name, property.Value.GetArrayLength());
            _feeds.Add(feed);
            foreach (var row in property.Value.EnumerateArray())
            {
                feed.Add(row);
            }
        }

        return null;
    }

    /// <summary>Rows of objects must all name the same columns, as a DataFrame has no holes here.</summary>
    private string? AddNamedRow(JsonElement row, int rowIndex, int rowCount, string key)
    {
        var seen = 0;
        foreach (var property in row.EnumerateObject())
        {
            var name = _names?.Find(property, seen) ?? property.Name;
            var feed = FindFeed(name);
            if (feed is null)
            {
                if (rowIndex > 0)
                {
                    return $"'{key}' row {rowIndex} has '{name}', which row 0 does not have";
                }

                feed = new ScoringFeed(name, rowCount);
                _feeds.Add(feed);
            }
            else if (feed.RowCount != rowIndex)
            {
                return $"'{key}' row {rowIndex} names '{name}' twice";
            }

            feed.Add(property.Value);
            seen++;
        }

        if (seen != _feeds.Count)
        {
            foreach (var feed in _feeds)
            {
                if (feed.RowCount == rowIndex)
                {
                    return $"'{key}' row {rowIndex} has no '{feed.Name}'";
                }
            }
        }

        return null;
    }

    private ScoringFeed? FindFeed(string name)
    {
        foreach (var feed in _feeds)
        {
            if (string.Equals(feed.Name, name, StringComparison.Ordinal))
            {
                return feed;
            }
        }

        return null;
    }

    private void ReleaseFeeds()
    {
        foreach (var feed in _feeds)
        {
            feed.Release();
        }

        _feeds.Clear();
    }

    private static string KeyList(JsonElement root)
    {
        var keys = new StringBuilder();
        foreach (var property in root.EnumerateObject())
        {
            keys.Append(keys.Length == 0 ? "'" : ", '").Append(property.Name).Append('\'');
        }

        return keys.Length == 0 ? "none" : keys.ToString();
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };
}
