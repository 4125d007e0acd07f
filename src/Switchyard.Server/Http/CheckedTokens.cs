using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Switchyard.Server.Http;

/// <summary>
/// What <see cref="JsonBody.ParseObject"/> and <see cref="WellFormedText"/> require of a tree, for a
/// body read token by token instead (the LLM request, read once into its typed form): every string
/// is text, and a value the reader does not model is checked as it is passed over.
/// </summary>
public static class CheckedTokens
{
    /// <summary>The reader's options for a request body: the depth <see cref="JsonBody"/> allows a tree.</summary>
    public static readonly JsonReaderOptions Options = new() { MaxDepth = JsonBody.MaxDepth };

    private const int StackScratch = 256;

    /// <summary>
    /// True when the current string token (a value or a property name) decodes to text: valid
    /// UTF-8, and no escaped lone surrogate. Reads nothing further and allocates nothing below
    /// <see cref="StackScratch"/> bytes.
    /// </summary>
    public static bool IsText(ref readonly Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Utf8.IsValid(reader.ValueSpan);
        }

        var length = reader.ValueSpan.Length;
        byte[]? rented = null;
        var scratch = length <= StackScratch ? stackalloc byte[StackScratch] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            // Unescaping refuses a lone surrogate; what it writes may still hold raw bytes that are not UTF-8.
            var written = reader.CopyString(scratch);
            return Utf8.IsValid(scratch[..written]);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The current string token, decoded; a 400 naming <paramref name="path"/> when it is not text.</summary>
    public static string GetText(ref readonly Utf8JsonReader reader, string path) =>
        TryGetText(in reader) ?? throw WellFormedText.NotText(path);

    /// <summary>The current string token, an item of the array <paramref name="field"/>, decoded; the path is made only for the error.</summary>
    public static string GetText(ref readonly Utf8JsonReader reader, string field, int index) =>
        TryGetText(in reader) ?? throw WellFormedText.NotText($"{field}[{index}]");

    /// <summary>The current string token, decoded; null when it is not text (not UTF-8, or a lone surrogate).</summary>
    public static string? TryGetText(ref readonly Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Passes over the current value, which the caller does not read, checking it as a tree would
    /// be checked: a string is text; an array or object (rare in the bodies read this way) is
    /// parsed and walked by <see cref="WellFormedText"/> under <paramref name="path"/>.
    /// </summary>
    public static void Skip(ref Utf8JsonReader reader, string path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when !IsText(in reader):
                throw WellFormedText.NotText(path);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                WellFormedText.Require(JsonNode.Parse(ref reader), path);
                break;
        }
    }

    /// <summary>
    /// <see cref="Skip(ref Utf8JsonReader, string)"/> for the value of a property the caller does not
    /// model; <paramref name="atName"/> is the reader as it stood on the name, so that the path is
    /// made only for an error.
    /// </summary>
    public static void SkipProperty(ref Utf8JsonReader reader, ref readonly Utf8JsonReader atName, string parent)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            if (reader.TokenType == JsonTokenType.String && IsText(in reader))
            {
                return;
            }

            var name = atName.GetString();
            Skip(ref reader, parent.Length == 0 ? name! : $"{parent}.{name}");
        }
    }

    /// <summary>The current value as a tree (checked), or null for JSON null.</summary>
    public static JsonNode? Node(ref Utf8JsonReader reader, string path)
    {
        var node = JsonNode.Parse(ref reader);
        WellFormedText.Require(node, path);
        return node;
    }
}
