using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// Our fields around a config write: the optional <c>reason</c> of <c>PUT …/config</c> and of a
/// rollback, the rollback's body, and the <c>If-Match</c> header both honour.
/// </summary>
public static class ConfigRequestFields
{
    public const int MaxReasonLength = 1000;

    /// <summary>The body's <c>reason</c>: absent or null for none, else a string of at most <see cref="MaxReasonLength"/> characters.</summary>
    public static string? Reason(JsonObject body)
    {
        var node = body["reason"];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw ServingException.Invalid("reason must be a string: why the config changes, kept in its config history.");
        }

        var reason = node.GetValue<string>();
        return reason.Length <= MaxReasonLength
            ? reason
            : throw ServingException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"reason is {reason.Length} characters long; at most {MaxReasonLength} are allowed."));
    }

    /// <summary>A rollback's <c>{"config_version": N, "reason"?}</c>; any other field is refused.</summary>
    public static (long Version, string? Reason) ReadRollback(JsonObject body)
    {
        foreach (var (field, _) in body)
        {
            if (field is not ("config_version" or "reason"))
            {
                throw ServingException.Invalid($"{field} is not a field of a rollback; give config_version and, if you like, reason.");
            }
        }

        var reason = Reason(body);
        if (body["config_version"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
            || !value.TryGetValue<long>(out var version) || version < 1)
        {
            throw ServingException.Invalid("config_version is required: the whole number (1 or more) of the config version to apply again.");
        }

        return (version, reason);
    }

    /// <summary>
    /// The config version an <c>If-Match</c> header names: <c>"5"</c> or <c>5</c> (a weak <c>W/</c>
    /// tag counts the same); absent or <c>*</c> asks for no check. Anything else is refused.
    /// </summary>
    public static long? IfMatch(HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        var text = string.Join(",", values.ToArray()).Trim();
        if (text == "*")
        {
            return null;
        }

        var tag = text.StartsWith("W/", StringComparison.Ordinal) ? text[2..] : text;
        if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"')
        {
            tag = tag[1..^1];
        }

        return long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw ServingException.Invalid($"If-Match '{text}' must name one config version, as \"5\" or 5 (the ETag of GET …/{{name}}).");
    }

    /// <summary>The ETag of an endpoint's answers: its current config version, quoted.</summary>
    public static string ETag(long configVersion) => string.Create(CultureInfo.InvariantCulture, $"\"{configVersion}\"");
}
