using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Identity;

/// <summary>
/// The one SCIM filter form clients use to find a principal: <c>attribute eq "value"</c>
/// (attribute names case-insensitive, values exact). Anything richer is refused as a 400
/// rather than silently ignored, since an ignored filter would answer with everyone.
/// </summary>
internal sealed record ScimFilter(string Attribute, string Value)
{
    public static ScimFilter? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var firstSpace = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var rest = firstSpace > 0 ? trimmed[(firstSpace + 1)..].TrimStart() : "";
        if (firstSpace <= 0 || !rest.StartsWith("eq ", StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported(text);
        }

        var quoted = rest[3..].Trim();
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"')
        {
            throw Unsupported(text);
        }

        return new ScimFilter(trimmed[..firstSpace], quoted[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal));
    }

    /// <summary>Whether a resource's top-level string attribute equals the value.</summary>
    public bool Matches(JsonObject resource)
    {
        foreach (var (name, node) in resource)
        {
            if (name.Equals(Attribute, StringComparison.OrdinalIgnoreCase))
            {
                return node?.ToString() is { } text && text.Equals(Value, StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static ServingException Unsupported(string text) =>
        ServingException.Invalid($"Unsupported filter '{text}': only 'attribute eq \"value\"' is understood.");
}
