using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Registry;
using Switchyard.Server.Http;

namespace Switchyard.Server.Registry;

/// <summary>Reads and checks the fields of registry requests; every fault is a 400 naming its field.</summary>
internal static class RequestFields
{
    public static string RequiredString(JsonObject body, string field) =>
        JsonBody.OptionalString(body, field) is { Length: > 0 } value ? value : throw ServingException.Invalid($"{field} is required.");

    /// <summary>A positive integer, given as a JSON number or, as some clients send it, a string of digits.</summary>
    public static int RequiredVersion(JsonObject body, string field)
    {
        var node = body[field] ?? throw ServingException.Invalid($"{field} is required.");
        var text = node.GetValueKind() switch
        {
            JsonValueKind.Number or JsonValueKind.String => node.ToString(),
            _ => throw ServingException.Invalid($"{field} must be a positive integer."),
        };
        return ParseVersion(text, field);
    }

    /// <summary>A version number from the path or a body: 1, 2, …</summary>
    public static int ParseVersion(string? text, string field = "version") =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1
            ? version
            : throw ServingException.Invalid($"{field} '{text}' must be a positive integer.");

    /// <summary>
    /// Alias names as MLflow accepts them: letters, digits, '_' and '-', but neither <c>latest</c>
    /// nor <c>v&lt;digits&gt;</c>, which read as version references in <c>models:/name@…</c> URIs.
    /// </summary>
    public static string ValidateAlias(string alias)
    {
        ModelName.ValidatePart(alias, "alias");
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase)
            || (alias.Length > 1 && alias[0] is 'v' or 'V' && alias.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0))
        {
            throw ServingException.Invalid($"alias '{alias}' is reserved: 'latest' and 'v<number>' name versions.");
        }

        return alias;
    }
}
