using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Http;

/// <summary>
/// Reads a control-plane request body as a JSON object. Malformed JSON is a 400 that says where
/// it breaks (line and column, 1-based), since hand-written bodies often miss a comma. Every
/// string is checked to be text, and no property given twice (<see cref="WellFormedText"/>),
/// before a handler reads the body.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// No Databricks body nests anywhere near this deep. Bodies are kept inside stored documents
    /// and echoed in answers, and the writer refuses 64 levels: a body that parsed at the reader's
    /// default depth of 64 could not be written back.
    /// </summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return ParseObject(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    public static JsonObject ParseObject(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            throw Empty();
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8.Span, documentOptions: Options);
        }
        catch (JsonException error)
        {
            throw new ServingException(ErrorCode.BadRequest, Describe(error));
        }

        var body = node as JsonObject ?? throw NotAnObject();
        WellFormedText.Require(body);
        return body;
    }

    /// <summary>The 400 for a body with nothing in it.</summary>
    public static ServingException Empty() => new(ErrorCode.BadRequest, "The request body is empty; a JSON object was expected.");

    /// <summary>The 400 for a body that is JSON but not an object.</summary>
    public static ServingException NotAnObject() => new(ErrorCode.BadRequest, "The request body must be a JSON object.");

    /// <summary>A string field, or null when absent; any other kind of value is a 400 naming the field.</summary>
    public static string? OptionalString(JsonObject body, string field) => body[field] switch
    {
        null => null,
        var node when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
        _ => throw ServingException.Invalid($"{field} must be a string."),
    };

    /// <summary>"Malformed JSON at line 3, column 5: …" from the parser's 0-based positions.</summary>
    public static string Describe(JsonException error)
    {
        var line = (error.LineNumber ?? 0) + 1;
        var column = (error.BytePositionInLine ?? 0) + 1;
        var reason = error.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        if (cut > 0)
        {
            reason = reason[..cut];
        }

        return $"Malformed JSON at line {line}, column {column}: {reason}";
    }
}
