using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Config;

/// <summary>
/// The inference table blocks: <c>ai_gateway.inference_table_config</c> and the legacy
/// <c>config.auto_capture_config</c>. Catalog, schema and prefix are identifiers (letters, digits,
/// <c>_</c>): they name the table's folder under the data folder, so nothing else may pass.
/// </summary>
internal static class InferenceTableReader
{
    private static readonly string[] GatewayTableFields = ["catalog_name", "schema_name", "table_name_prefix", "enabled", "sampling_fraction"];

    /// <summary>The legacy block's fields; <c>state</c> is its output, taken back (and dropped) when a client sends a config it read.</summary>
    private static readonly string[] AutoCaptureFields = ["catalog_name", "schema_name", "table_name_prefix", "enabled", "state"];

    /// <summary>The names a table is known by, which cannot change while it is enabled.</summary>
    public static readonly string[] NameFields = ["catalog_name", "schema_name", "table_name_prefix"];

    /// <summary><c>ai_gateway.inference_table_config</c>: off unless <c>enabled</c> says so (the API's proto default).</summary>
    public static InferenceTableConfig? ReadGatewayTable(JsonNode? node, string path, string endpointName, List<string> problems)
    {
        if (GatewayFields.Block(node, path, problems) is not { } block)
        {
            return null;
        }

        GatewayFields.RefuseUnknown(block, path, "inference_table_config", GatewayTableFields, problems);
        var sampling = 1.0;
        if (block["sampling_fraction"] is { } fraction)
        {
            if (fraction.GetValueKind() == JsonValueKind.Number && fraction.GetValue<double>() is > 0 and <= 1 and var share)
            {
                sampling = share;
            }
            else
            {
                problems.Add($"{path}.sampling_fraction must be a number above 0 and at most 1 (the share of queries written).");
            }
        }

        return Read(block, path, endpointName, enabledWhenAbsent: false, problems) is { } table ? table with { SamplingFraction = sampling } : null;
    }

    /// <summary>
    /// <c>config.auto_capture_config</c>: on unless <c>enabled</c> is false, as on Databricks, where
    /// a config naming a capture table creates and fills it.
    /// </summary>
    public static InferenceTableConfig? ReadAutoCapture(JsonNode? node, string path, string endpointName, List<string> problems)
    {
        if (GatewayFields.Block(node, path, problems) is not { } block)
        {
            return null;
        }

        GatewayFields.RefuseUnknown(block, path, "auto_capture_config", AutoCaptureFields, problems);
        return Read(block, path, endpointName, enabledWhenAbsent: true, problems);
    }

    /// <summary>The prefix when none is given: the endpoint's name with every character but letters, digits and '_' made '_'.</summary>
    public static string DefaultPrefix(string endpointName)
    {
        var prefix = new StringBuilder(endpointName.Length);
        foreach (var c in endpointName)
        {
            prefix.Append(IsIdentifierChar(c) ? c : '_');
        }

        return prefix.ToString();
    }

    /// <summary>The table the block names; null when it names none (a switched-off block without names).</summary>
    private static InferenceTableConfig? Read(JsonObject block, string path, string endpointName, bool enabledWhenAbsent, List<string> problems)
    {
        var enabled = GatewayFields.Enabled(block, path, enabledWhenAbsent, problems);
        var catalog = Identifier(block, "catalog_name", path, problems);
        var schema = Identifier(block, "schema_name", path, problems);
        var prefix = Identifier(block, "table_name_prefix", path, problems) ?? DefaultPrefix(endpointName);
        if (enabled)
        {
            foreach (var (field, value) in new[] { ("catalog_name", catalog), ("schema_name", schema) })
            {
                if (value is null && block[field] is null)
                {
                    problems.Add($"{path}.{field} is required when the inference table is enabled.");
                }
            }
        }

        return catalog is null || schema is null ? null : new InferenceTableConfig(catalog, schema, prefix, enabled);
    }

    private static string? Identifier(JsonObject block, string field, string path, List<string> problems)
    {
        var name = JsonFields.String(block, field, path, problems);
        if (name is null)
        {
            return null;
        }

        if (name.Length is 0 or > 255 || !name.All(IsIdentifierChar))
        {
            problems.Add($"{path}.{field} '{name}' must be an identifier: 1 to 255 letters, digits and _ (no dots, dashes or spaces).");
            return null;
        }

        return name;
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
