using System.Text.RegularExpressions;

namespace Switchyard.Core.Endpoints;

/// <summary>The documented rule for endpoint names: at most 63 characters, alphanumeric, with '-' and '_' allowed in between.</summary>
public static partial class EndpointName
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public const string Rule = "Endpoint name must be maximum 63 characters, and alphanumeric with hyphens and underscores allowed in between.";

    [GeneratedRegex("^[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex Pattern();
}
