using System.Text.RegularExpressions;

namespace Switchyard.Core.Secrets;

/// <summary>
/// Which scope and key names are allowed: letters, digits, <c>-</c>, <c>_</c>, <c>.</c> (and
/// <c>@</c> in scope names), at most 128 characters; the same sets a reference may name.
/// </summary>
public static partial class SecretNames
{
    public const int MaxLength = 128;

    public static bool IsValidScope(string? name) => name is not null && ScopePattern().IsMatch(name);

    public static bool IsValidKey(string? name) => name is not null && KeyPattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9_.@-]{1,128}\z")]
    private static partial Regex ScopePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,128}\z")]
    private static partial Regex KeyPattern();
}
