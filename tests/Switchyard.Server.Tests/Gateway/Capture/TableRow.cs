using System.Text.Json.Nodes;
using ParquetSharp;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>One payload row as a test compares it, read through DuckDB (the query route) or straight from the files by ParquetSharp.</summary>
public sealed record TableRow(
    string RequestDate,
    string RequestId,
    string? ClientRequestId,
    int Status,
    double SamplingFraction,
    string Request,
    string Response,
    IReadOnlyList<string> ErrorCodes,
    string ServedEntityId,
    string? Requester)
{
    /// <summary>Every column a test compares, by the table's three-part name (catalog <c>main</c>, schema <c>default</c>).</summary>
    public static string Select(string prefix) =>
        "SELECT CAST(request_date AS VARCHAR), databricks_request_id, client_request_id, status_code, sampling_fraction, "
        + $"request, response, logging_error_codes, served_entity_id, requester FROM main.default.{prefix}_payload ORDER BY request_time";

    public static List<TableRow> FromQuery(JsonObject answer) =>
        [.. answer["rows"]!.AsArray().Select(r => r!.AsArray()).Select(r => new TableRow(
            (string)r[0]!, (string)r[1]!, (string?)r[2], (int)r[3]!, (double)r[4]!, (string)r[5]!, (string)r[6]!,
            [.. r[7]!.AsArray().Select(c => (string)c!)], (string)r[8]!, (string?)r[9]))];

    /// <summary>Every row of every <c>.parquet</c> file under <paramref name="folder"/>, read by ParquetSharp (Arrow's C++ reader), file by file.</summary>
    public static List<TableRow> FromFiles(string folder)
    {
        var rows = new List<TableRow>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories))
        {
            rows.AddRange(FromFile(path));
        }

        return rows;
    }

    public static List<TableRow> FromFile(string path)
    {
        var rows = new List<TableRow>();
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            T[] Read<T>(string column)
            {
                using var reader = group.Column(schema.ColumnIndex(column)).LogicalReader<T>();
                return reader.ReadAll(n);
            }

            var dates = Read<Date>("request_date");
            var ids = Read<string>("databricks_request_id");
            var clients = Read<string?>("client_request_id");
            var statuses = Read<int>("status_code");
            var fractions = Read<double>("sampling_fraction");
            var requests = Read<string>("request");
            var responses = Read<string>("response");
            var codes = Read<string[]>("logging_error_codes.list.element");
            var entities = Read<string>("served_entity_id");
            var requesters = Read<string?>("requester");
            for (var i = 0; i < n; i++)
            {
                rows.Add(new TableRow(
                    dates[i].DateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ids[i], clients[i], statuses[i],
                    fractions[i], requests[i], responses[i], codes[i], entities[i], requesters[i]));
            }
        }

        return rows;
    }
}
