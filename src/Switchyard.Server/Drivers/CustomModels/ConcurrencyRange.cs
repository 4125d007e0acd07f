using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Drivers.CustomModels;

/// <summary>
/// Custom models sized by <c>min_provisioned_concurrency</c> / <c>max_provisioned_concurrency</c>
/// instead of <c>workload_size</c>: both bounds in steps of 4, max from 4 to 1024, min from 0 to
/// max, and a floor of 0 only when the entity may scale to zero.
/// </summary>
internal static class ConcurrencyRange
{
    private const string MinField = "min_provisioned_concurrency";
    private const string MaxField = "max_provisioned_concurrency";

    public static bool IsGiven(JsonObject declared) => declared[MinField] is not null || declared[MaxField] is not null;

    /// <summary>The range, or null when it is not given or has a problem (each one added to <paramref name="errors"/>).</summary>
    public static ProvisionedConcurrency? Read(JsonObject declared, string path, bool scaleToZero, List<string> errors)
    {
        if (!IsGiven(declared))
        {
            return null;
        }

        var before = errors.Count;
        var min = JsonFields.Integer(declared, MinField, path, errors);
        var max = JsonFields.Integer(declared, MaxField, path, errors);
        if (declared["workload_size"] is not null)
        {
            errors.Add($"{path}.workload_size cannot be given with min/max_provisioned_concurrency; size the entity one way or the other.");
        }

        if (declared[MinField] is null || declared[MaxField] is null)
        {
            var missing = declared[MinField] is null ? MinField : MaxField;
            errors.Add($"{path}.{missing} is required with {(missing == MinField ? MaxField : MinField)}: give both bounds of the concurrency range.");
        }

        if (errors.Count > before || min is not { } low || max is not { } high)
        {
            return null;
        }

        foreach (var (field, value) in new[] { (MinField, low), (MaxField, high) })
        {
            if (value % ProvisionedConcurrency.Step != 0)
            {
                var lower = value / ProvisionedConcurrency.Step * ProvisionedConcurrency.Step;
                errors.Add($"{path}.{field} is {value}; it must be a multiple of {ProvisionedConcurrency.Step} (for example {lower} or {lower + ProvisionedConcurrency.Step}).");
            }
        }

        if (high < ProvisionedConcurrency.Step || high > ProvisionedConcurrency.MaxPerEntity)
        {
            errors.Add($"{path}.{MaxField} is {high}; it must be from {ProvisionedConcurrency.Step} to {ProvisionedConcurrency.MaxPerEntity}.");
        }

        if (low < 0)
        {
            errors.Add($"{path}.{MinField} is {low}; it must be 0 or more.");
        }
        else if (low > high)
        {
            errors.Add($"{path}.{MinField} ({low}) is above {MaxField} ({high}).");
        }
        else if (low == 0 && !scaleToZero)
        {
            errors.Add($"{path}.{MinField} is 0, which only an entity with scale_to_zero_enabled: true may have; give at least {ProvisionedConcurrency.Step} or enable scale to zero.");
        }

        return errors.Count > before ? null : new ProvisionedConcurrency((int)low, (int)high);
    }
}
