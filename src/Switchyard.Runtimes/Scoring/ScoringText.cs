using System.Text.Json;

namespace Switchyard.Runtimes.Scoring;

/// <summary>
/// Finds the string of a scoring body that is not text: an unpaired surrogate escape
/// (<c>"\ud800"</c>) or bytes that are not UTF-8. A JsonElement decodes a string only when it is
/// read, so such a string fails with an InvalidOperationException wherever a reader first
/// touches it (a column name, a cell, a key); the scorer catches that and asks here where it is,
/// so the caller is told which field at no cost to the bodies that are fine.
/// </summary>
public static class ScoringText
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>The message naming the first such string, or null when every string is text.</summary>
    public static string? DescribeMalformed(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            return Find(document.RootElement, "") is { } where
                ? $"{where} is not well-formed text: it holds bytes that are not UTF-8 or an unpaired surrogate escape (\\ud800-\\udfff)"
                : null;
        }
    }

    private static string? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path.Length == 0 ? "a property name of the request body" : $"a property name in '{path}'";
                    }

                    if (Find(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path.Length == 0 ? "the request body" : $"'{path}'";
                }

            default:
                return null;
        }
    }
}
