using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// A served entity's <c>role</c> (ours): <c>primary</c> (or absent) takes traffic by its route;
/// <c>shadow</c> takes no route and gets a copy of a sample of the primaries' queries, its
/// answer never returned. A shadow samples <c>shadow_sample_percentage</c> of them
/// (0 &lt; p ≤ 100, default 100), a field that means nothing without the shadow role and is refused there.
/// </summary>
public static class ServedEntityRole
{
    public const string Primary = "primary";

    public const string Shadow = "shadow";

    public const string RoleField = "role";

    public const string SamplePercentageField = "shadow_sample_percentage";

    /// <summary>Checks one declared entity's role fields: the shadow's sample percentage, or null for a primary (also when invalid, with the problem in <paramref name="errors"/>).</summary>
    public static double? Read(JsonObject declared, string path, List<string> errors)
    {
        var role = JsonFields.String(declared, RoleField, path, errors);
        if (role is not null && role != Primary && role != Shadow)
        {
            errors.Add($"{path}.{RoleField} '{role}' is not a role; give \"{Primary}\" (the default) or \"{Shadow}\".");
            return null;
        }

        var given = declared[SamplePercentageField];
        if (role != Shadow)
        {
            if (given is not null)
            {
                errors.Add($"{path}.{SamplePercentageField} is only for a shadow; give \"{RoleField}\": \"{Shadow}\" with it, or leave it out.");
            }

            return null;
        }

        if (given is null)
        {
            return 100;
        }

        if (given.GetValueKind() != JsonValueKind.Number || !given.AsValue().TryGetValue<double>(out var percentage)
            || !(percentage > 0 && percentage <= 100))
        {
            errors.Add($"{path}.{SamplePercentageField} must be a number above 0 and at most 100, got {given.ToJsonString()}.");
            return null;
        }

        return percentage;
    }

    /// <summary>The sample percentage of an entity already read (so valid): null for a primary.</summary>
    public static double? ShadowPercentageOf(JsonObject declared)
    {
        if (declared[RoleField] is not JsonValue role || !role.TryGetValue<string>(out var name) || name != Shadow)
        {
            return null;
        }

        return declared[SamplePercentageField] is JsonValue value && value.TryGetValue<double>(out var percentage)
            ? percentage
            : 100;
    }
}
