using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary>
/// An endpoint's config history as text: one line per version (version, time, author, reason),
/// each followed by its diff, one changed setting a line (<c>path: from → to</c>).
/// </summary>
internal static class ConfigHistoryView
{
    // For reading on a terminal: names and reasons keep their letters rather than \u escapes.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(OutputWriter output, JsonObject answer)
    {
        var versions = JsonText.Objects(answer["configs"]).ToList();
        if (versions.Count == 0)
        {
            output.Line("No config versions.");
            return;
        }

        string[] headers = ["VERSION", "TIME", "AUTHOR", "REASON"];
        var rows = versions.Select(static v => new[]
        {
            JsonText.Of(v["config_version"]) ?? "",
            JsonText.Time(v["timestamp"]) ?? "",
            JsonText.Of(v["author"]) ?? "",
            JsonText.Of(v["reason"]) ?? "-",
        }).ToList();
        var widths = headers.Select((header, i) => rows.Max(row => row[i].Length) is var longest && longest > header.Length ? longest : header.Length).ToArray();
        output.Line(Row(headers, widths));
        for (var i = 0; i < versions.Count; i++)
        {
            output.Line(Row(rows[i], widths));
            var diff = JsonText.Objects(versions[i]["diff"]).ToList();
            if (diff.Count == 0)
            {
                output.Line(rows[i][0] == "1" ? "  (first version)" : "  (no change)");
            }

            foreach (var change in diff)
            {
                output.Line($"  {JsonText.Of(change["path"])}: {Value(change["from"], "(not set)")} → {Value(change["to"], "(removed)")}");
            }
        }
    }

    /// <summary>A diff value as compact JSON (strings quoted, so "1" and 1 read apart); a missing one in words.</summary>
    private static string Value(JsonNode? node, string absent) => node is null ? absent : node.ToJsonString(Readable);

    // The last column is not padded, so lines carry no trailing blanks.
    private static string Row(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i == cells.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd();
}
