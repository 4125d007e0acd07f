using System.Text.RegularExpressions;
using Switchyard.Core.Errors;

namespace Switchyard.Core.Registry;

/// <summary>A three-level Unity Catalog name, <c>catalog.schema.model</c>.</summary>
public readonly partial record struct ModelName(string Catalog, string Schema, string Name)
{
    public string FullName => $"{Catalog}.{Schema}.{Name}";

    public override string ToString() => FullName;

    /// <summary>Parses <c>catalog.schema.model</c>; throws INVALID_PARAMETER_VALUE naming the fault.</summary>
    public static ModelName Parse(string? fullName, string field = "full_name")
    {
        var parts = (fullName ?? "").Split('.');
        if (parts.Length != 3)
        {
            throw ServingException.Invalid($"{field} '{fullName}' must be a three-level name catalog.schema.model.");
        }

        foreach (var part in parts)
        {
            if (!PartPattern().IsMatch(part))
            {
                throw ServingException.Invalid(
                    $"{field} '{fullName}': each part must be 1-255 letters, digits, '_' or '-'.");
            }
        }

        return new ModelName(parts[0], parts[1], parts[2]);
    }

    /// <summary>Checks one part (a catalog, schema or model name) given on its own in <paramref name="field"/>.</summary>
    public static string ValidatePart(string? part, string field)
    {
        if (string.IsNullOrEmpty(part))
        {
            throw ServingException.Invalid($"{field} is required.");
        }

        if (!PartPattern().IsMatch(part))
        {
            throw ServingException.Invalid($"{field} '{part}' must be 1-255 letters, digits, '_' or '-'.");
        }

        return part;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex PartPattern();
}
