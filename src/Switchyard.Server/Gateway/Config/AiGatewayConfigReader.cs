using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Config;

/// <summary>Reads an endpoint's stored <c>ai_gateway</c> into the config the gateway steps enforce.</summary>
public static class AiGatewayConfigReader
{
    /// <summary>The config an endpoint's extras (its stored top-level fields) give; <see cref="AiGatewayConfig.None"/> when none.</summary>
    public static AiGatewayConfig FromStored(JsonObject extras)
    {
        if (extras["ai_gateway"] is not JsonObject gateway)
        {
            return AiGatewayConfig.None;
        }

        // TEMP for tests: rate_limits and budgets read as stored, unchecked; the config helper's reader replaces this.
        var limits = (gateway["rate_limits"] as JsonArray ?? []).OfType<JsonObject>().Select((rule, i) => new RateLimitRule(
            $"ai_gateway.rate_limits[{i}]", Key(rule), (string?)rule["principal"], (long?)rule["calls"], (long?)rule["tokens"],
            (string?)rule["renewal_period"] switch { "hour" => RenewalPeriod.Hour, "day" => RenewalPeriod.Day, _ => RenewalPeriod.Minute }));
        var budgets = (gateway["budgets"] as JsonArray ?? []).OfType<JsonObject>().Select((rule, i) => new BudgetRule(
            $"ai_gateway.budgets[{i}]", Key(rule), (string?)rule["principal"], (long?)rule["tokens"] ?? 0,
            (string?)rule["period"] == "month" ? BudgetPeriod.Month : BudgetPeriod.Day));
        var fallback = gateway["fallback_config"] is JsonObject block && block["enabled"]?.GetValueKind() == JsonValueKind.True;
        return AiGatewayConfig.None with { RateLimits = [.. limits], Budgets = [.. budgets], FallbackEnabled = fallback };
    }

    private static LimitKey Key(JsonObject rule) => (string?)rule["key"] switch
    {
        "user" => LimitKey.User,
        "user_group" => LimitKey.UserGroup,
        "service_principal" => LimitKey.ServicePrincipal,
        _ => LimitKey.Endpoint,
    };
}
