using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Config;

/// <summary>
/// Turns an endpoint's <c>ai_gateway</c> JSON (and the legacy <c>rate_limits</c> and
/// <c>config.auto_capture_config</c>) into the <see cref="AiGatewayConfig"/> the gateway steps
/// enforce. <see cref="Read"/> checks a requested config whole and names every problem's field in
/// one INVALID_PARAMETER_VALUE; <see cref="FromStored"/> reads a document that was checked when
/// stored, the same way, and never throws, so an endpoint always loads.
/// </summary>
public static class AiGatewayConfigReader
{
    private static readonly string[] Fields =
        ["usage_tracking_config", "inference_table_config", "rate_limits", "guardrails", "fallback_config", "budgets"];

    private static readonly string[] SwitchFields = ["enabled"];

    /// <summary>A requested <c>ai_gateway</c> at <paramref name="path"/>, for the endpoint named <paramref name="endpointName"/> (its inference table's default prefix).</summary>
    /// <exception cref="ServingException">INVALID_PARAMETER_VALUE naming every field in error.</exception>
    public static AiGatewayConfig Read(JsonNode gateway, string path, string endpointName)
    {
        var problems = new List<string>();
        var config = Parse(gateway, path, endpointName, problems);
        GatewayFields.ThrowIfAny(problems);
        return config;
    }

    /// <summary>The legacy <c>rate_limits</c> at <paramref name="path"/> (create field, <c>PUT …/rate-limits</c>): calls per minute by user or endpoint.</summary>
    /// <exception cref="ServingException">INVALID_PARAMETER_VALUE naming every field in error.</exception>
    public static IReadOnlyList<RateLimitRule> ReadLegacyRateLimits(JsonNode? rateLimits, string path)
    {
        var problems = new List<string>();
        var rules = RateLimitsReader.ReadLegacy(rateLimits, path, problems);
        GatewayFields.ThrowIfAny(problems);
        return rules;
    }

    /// <summary>
    /// Checks a requested legacy <c>config.auto_capture_config</c>, adding each problem to
    /// <paramref name="problems"/>; answers the block to store (without <c>state</c>, which is
    /// output only and taken back when a client sends a config it read), or null when absent.
    /// </summary>
    public static JsonObject? CheckAutoCapture(JsonNode? capture, string path, List<string> problems)
    {
        // The names are checked, not the default prefix the endpoint's name gives, so no name is needed.
        InferenceTableReader.ReadAutoCapture(capture, path, endpointName: "", problems);
        if (capture is not JsonObject block)
        {
            return null;
        }

        var stored = block.DeepClone().AsObject();
        stored.Remove("state");
        return stored;
    }

    /// <summary>
    /// What an endpoint's document sets: its <c>ai_gateway</c>, then its legacy <c>rate_limits</c>
    /// appended to the rules, and the legacy <c>auto_capture_config</c> of the serving config as the
    /// inference table when <c>ai_gateway</c> has no enabled one (the two are never both enabled).
    /// </summary>
    public static AiGatewayConfig FromStored(ServingEndpoint endpoint)
    {
        // The document was checked when it was stored; what a reader would complain of is moot here.
        var moot = new List<string>();
        var extras = endpoint.Extras;
        var gateway = extras["ai_gateway"] is { } stored ? Parse(stored, "ai_gateway", endpoint.Name, moot) : AiGatewayConfig.None;
        var legacy = RateLimitsReader.ReadLegacy(extras["rate_limits"], "rate_limits", moot);
        var capture = InferenceTableReader.ReadAutoCapture(endpoint.Config?.AutoCaptureConfig, "config.auto_capture_config", endpoint.Name, moot);
        return gateway with
        {
            RateLimits = legacy.Count == 0 ? gateway.RateLimits : [.. gateway.RateLimits, .. legacy],
            InferenceTable = gateway.InferenceTable is { Enabled: true } || capture is null ? gateway.InferenceTable : capture,
        };
    }

    private static AiGatewayConfig Parse(JsonNode gateway, string path, string endpointName, List<string> problems)
    {
        if (gateway is not JsonObject fields)
        {
            problems.Add($"{path} must be a JSON object.");
            return AiGatewayConfig.None;
        }

        GatewayFields.RefuseUnknown(fields, path, "ai_gateway", Fields, problems);
        return new AiGatewayConfig(
            Switch(fields["usage_tracking_config"], $"{path}.usage_tracking_config", problems),
            InferenceTableReader.ReadGatewayTable(fields["inference_table_config"], $"{path}.inference_table_config", endpointName, problems),
            RateLimitsReader.Read(fields["rate_limits"], $"{path}.rate_limits", problems),
            BudgetsReader.Read(fields["budgets"], $"{path}.budgets", problems),
            GuardrailsReader.Read(fields["guardrails"], $"{path}.guardrails", problems),
            Switch(fields["fallback_config"], $"{path}.fallback_config", problems));
    }

    /// <summary>A <c>{"enabled": true|false}</c> block; off when absent.</summary>
    private static bool Switch(JsonNode? node, string path, List<string> problems)
    {
        if (GatewayFields.Block(node, path, problems) is not { } block)
        {
            return false;
        }

        GatewayFields.RefuseUnknown(block, path, path[(path.LastIndexOf('.') + 1)..], SwitchFields, problems);
        return GatewayFields.Enabled(block, path, absent: false, problems);
    }
}
