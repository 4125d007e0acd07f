using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Reads <c>traffic_config.sticky</c> (ours): <c>{"header": "x-user-id", "salt": "…"}</c>, a valid
/// HTTP header name and a salt of 1-256 characters, and nothing else. Absent, each request is
/// assigned at random, as without it.
/// </summary>
public static class StickyAssignmentReader
{
    public const int MaxSaltLength = 256;

    public static StickyAssignment? Read(JsonObject request, List<string> errors)
    {
        if (request["traffic_config"] is not JsonObject traffic || !traffic.ContainsKey("sticky"))
        {
            return null;
        }

        const string path = "traffic_config.sticky";
        if (traffic["sticky"] is not JsonObject sticky)
        {
            errors.Add($"{path} must be a JSON object: {{\"header\": \"x-user-id\", \"salt\": \"…\"}}.");
            return null;
        }

        foreach (var (key, _) in sticky)
        {
            if (key is not ("header" or "salt"))
            {
                errors.Add($"{path}.{key} is not a field of {path}; it takes header and salt.");
            }
        }

        var header = JsonFields.String(sticky, "header", path, errors);
        var salt = JsonFields.String(sticky, "salt", path, errors);
        var before = errors.Count;
        if (header is null && sticky["header"] is null)
        {
            errors.Add($"{path}.header is required: the request header whose value is the unit key.");
        }
        else if (header is not null && !IsHeaderName(header))
        {
            errors.Add($"{path}.header '{header}' is not a valid HTTP header name.");
        }

        if (salt is null && sticky["salt"] is null)
        {
            errors.Add($"{path}.salt is required: a non-empty string hashed in front of the unit key.");
        }
        else if (salt is { Length: 0 or > MaxSaltLength })
        {
            errors.Add($"{path}.salt must be 1 to {MaxSaltLength} characters, got {salt.Length}.");
        }

        return header is null || salt is null || errors.Count > before ? null : new StickyAssignment(header, salt);
    }

    /// <summary>An RFC 9110 token: one or more of the visible characters allowed in a field name.</summary>
    internal static bool IsHeaderName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c > 0x7E || !(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
