namespace Switchyard.Core.Gateway;

/// <summary>
/// An endpoint's <c>ai_gateway</c> config, read and checked once when it is stored: what the data
/// plane's gateway steps enforce on every query of the endpoint, whatever kind of entity answers.
/// The stored JSON is what callers are answered; this is what the server acts on.
/// </summary>
/// <param name="UsageTracking">True when <c>usage_tracking_config.enabled</c> is: one usage row per request.</param>
/// <param name="InferenceTable">The inference table, when <c>inference_table_config</c> (or the legacy <c>auto_capture_config</c>) names one; it captures only while enabled.</param>
/// <param name="RateLimits">The <c>rate_limits</c> rules, in the order given.</param>
/// <param name="Budgets">Token budgets per principal per day or month (ours: <c>ai_gateway.budgets</c>).</param>
/// <param name="Guardrails">Input and output guardrails; <see cref="GuardrailsConfig.None"/> when none are set.</param>
/// <param name="FallbackEnabled">True when <c>fallback_config.enabled</c> is: a failed LLM query moves on to the next served entity.</param>
public sealed record AiGatewayConfig(
    bool UsageTracking,
    InferenceTableConfig? InferenceTable,
    IReadOnlyList<RateLimitRule> RateLimits,
    IReadOnlyList<BudgetRule> Budgets,
    GuardrailsConfig Guardrails,
    bool FallbackEnabled)
{
    /// <summary>No gateway: nothing limited, guarded or captured.</summary>
    public static readonly AiGatewayConfig None = new(false, null, [], [], GuardrailsConfig.None, false);

    /// <summary>True when some rule or budget applies to queries.</summary>
    public bool Limits => RateLimits.Count > 0 || Budgets.Count > 0;

    /// <summary>True when the inference table is on.</summary>
    public bool CapturesPayloads => InferenceTable is { Enabled: true };
}
