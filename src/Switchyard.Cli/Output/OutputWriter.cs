using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Output;

/// <summary>
/// Writes a command's result to stdout: with <c>--output json</c> the API's JSON exactly as it
/// came (scripts parse it), otherwise readable text and tables. Progress and errors go to stderr.
/// </summary>
internal sealed class OutputWriter(TextWriter output, bool json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public bool Json { get; } = json;

    public static OutputWriter For(string? format, TextWriter output) => format?.ToLowerInvariant() switch
    {
        null or "text" => new OutputWriter(output, json: false),
        "json" => new OutputWriter(output, json: true),
        _ => throw CliException.Usage($"--output must be text or json, not '{format}'."),
    };

    /// <summary>The raw body in JSON mode; otherwise <paramref name="text"/> renders it.</summary>
    public void Write(string rawJson, Action<OutputWriter> text)
    {
        if (Json)
        {
            output.WriteLine(rawJson.Length == 0 ? "{}" : rawJson);
        }
        else
        {
            text(this);
        }
    }

    public void Line(string text = "") => output.WriteLine(text);

    public void Pretty(JsonNode node) => output.WriteLine(node.ToJsonString(Indented));

    /// <summary>Name/value lines, the names padded to one column.</summary>
    public void Fields(params (string Name, string? Value)[] fields)
    {
        var width = fields.Max(static f => f.Name.Length);
        foreach (var (name, value) in fields)
        {
            output.WriteLine($"{(name + ":").PadRight(width + 2)}{value}");
        }
    }

    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        var widths = headers.Select(static h => h.Length).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], Cell(row, i).Length);
            }
        }

        WriteRow(headers, widths);
        foreach (var row in rows)
        {
            WriteRow(row, widths);
        }
    }

    private void WriteRow(IReadOnlyList<string?> row, int[] widths)
    {
        var cells = new string[widths.Length];
        for (var i = 0; i < widths.Length; i++)
        {
            // The last column is not padded, so lines carry no trailing blanks.
            cells[i] = i == widths.Length - 1 ? Cell(row, i) : Cell(row, i).PadRight(widths[i]);
        }

        output.WriteLine(string.Join("  ", cells).TrimEnd());
    }

    private static string Cell(IReadOnlyList<string?> row, int index) => index < row.Count ? row[index] ?? "" : "";
}
