using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Drivers.CustomModels;

/// <summary>
/// A custom model's <c>environment_vars</c>: at most 30 string values; a secret reference must
/// name a secret that the config's creator may read, since the config is resolved with the
/// creator's rights.
/// </summary>
internal static class EnvironmentVariables
{
    private const int MaxCount = 30;

    public static async Task CheckAsync(JsonObject declared, string path, EntityReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        var variables = JsonFields.Object(declared, "environment_vars", path, errors);
        if (variables is null)
        {
            return;
        }

        if (variables.Count > MaxCount)
        {
            errors.Add($"{path}.environment_vars has {variables.Count} entries; at most {MaxCount} are allowed.");
        }

        foreach (var (key, value) in variables)
        {
            if (value?.GetValueKind() != JsonValueKind.String)
            {
                errors.Add($"{path}.environment_vars.{key} must be a string.");
                continue;
            }

            await read.CheckSecretAsync(value.GetValue<string>(), $"{path}.environment_vars.{key}", ct);
        }
    }
}
