using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Gateway.Config;

/// <summary>
/// A table block replacing the one stored (<c>ai_gateway.inference_table_config</c> or
/// <c>config.auto_capture_config</c>). As on Databricks, an enabled table's catalog, schema and
/// prefix cannot change: it must be disabled first. A block that disables the table without
/// naming it keeps the names it had, so the table stays known and can be enabled again as it was.
/// </summary>
internal static class InferenceTableChange
{
    /// <summary>The block to store in place of <paramref name="before"/>; a problem when it renames an enabled table.</summary>
    /// <param name="enabledWhenAbsent">What a block without <c>enabled</c> means (true for the legacy block).</param>
    public static JsonNode? Apply(JsonNode? before, JsonNode? after, string path, bool enabledWhenAbsent, string endpointName, List<string> problems)
    {
        if (before is not JsonObject previous || after is not JsonObject next)
        {
            return after;
        }

        var enabling = IsEnabled(next, enabledWhenAbsent);
        var renamed = new List<string>();
        foreach (var field in InferenceTableReader.NameFields)
        {
            if ((next[field] is not null || enabling) && NameOf(next, field, endpointName) != NameOf(previous, field, endpointName))
            {
                renamed.Add(field);
            }
        }

        if (renamed.Count > 0 && IsEnabled(previous, enabledWhenAbsent))
        {
            problems.Add($"{path}: the inference table is enabled, so its {string.Join(", ", renamed)} cannot change; "
                + "disable it first (enabled: false), then give the new names.");
            return after;
        }

        if (enabling)
        {
            return after;
        }

        var kept = next.DeepClone().AsObject();
        foreach (var field in InferenceTableReader.NameFields)
        {
            if (kept[field] is null && previous[field] is { } name)
            {
                kept[field] = name.DeepClone();
            }
        }

        return kept;
    }

    private static bool IsEnabled(JsonObject block, bool enabledWhenAbsent) => JsonFields.Bool(block, "enabled", "", []) ?? enabledWhenAbsent;

    private static string? NameOf(JsonObject block, string field, string endpointName) =>
        block[field]?.ToString() ?? (field == "table_name_prefix" ? InferenceTableReader.DefaultPrefix(endpointName) : null);
}
