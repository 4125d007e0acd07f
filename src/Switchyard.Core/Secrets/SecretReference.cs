using System.Text.RegularExpressions;

namespace Switchyard.Core.Secrets;

/// <summary>A reference <c>{{secrets/&lt;scope&gt;/&lt;key&gt;}}</c> to a secret, as endpoint configs write them.</summary>
public readonly partial record struct SecretReference(string Scope, string Key)
{
    public override string ToString() => $"{{{{secrets/{Scope}/{Key}}}}}";

    /// <summary>Reads a whole-value reference; false for any other text.</summary>
    public static bool TryParse(string? value, out SecretReference reference)
    {
        var match = value is null ? null : Pattern().Match(value);
        reference = match is { Success: true } ? new SecretReference(match.Groups[1].Value, match.Groups[2].Value) : default;
        return match is { Success: true };
    }

    /// <summary>True for text that looks like a reference but is malformed (so it is refused, not taken literally).</summary>
    public static bool LooksLikeReference(string? value) => value is not null && value.Contains("{{secrets/", StringComparison.Ordinal);

    [GeneratedRegex(@"^\{\{\s*secrets/([A-Za-z0-9_.@-]{1,128})/([A-Za-z0-9_.-]{1,128})\s*\}\}$")]
    private static partial Regex Pattern();
}
