using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Arguments;

/// <summary>
/// A <c>--json</c> value as the Databricks CLI takes it: inline JSON, or <c>@path</c> to a file
/// holding it. Parsed here so a broken body is a usage error naming line and column, before
/// anything is sent.
/// </summary>
internal static class JsonArgument
{
    public static JsonObject Read(string value, string option = "json")
    {
        string text;
        if (value.StartsWith('@'))
        {
            var path = value[1..];
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw CliException.Usage($"--{option}: cannot read '{path}': {error.Message}");
            }
        }
        else
        {
            text = value;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw CliException.Usage($"--{option} must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw CliException.Usage(
                $"--{option} is not valid JSON (line {(error.LineNumber ?? 0) + 1}, column {(error.BytePositionInLine ?? 0) + 1}).");
        }
    }
}
