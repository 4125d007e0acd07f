using System.Text.Json.Nodes;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Config;

/// <summary>
/// <c>ai_gateway.rate_limits</c> and the legacy top-level <c>rate_limits</c> (create field and
/// <c>PUT …/rate-limits</c>) into <see cref="RateLimitRule"/>s, each naming where it was set.
/// </summary>
internal static class RateLimitsReader
{
    private static readonly string[] Fields = ["calls", "tokens", "key", "principal", "renewal_period"];
    private static readonly string[] LegacyFields = ["calls", "key", "renewal_period"];

    /// <summary>The keys a rule may count by (the API's four).</summary>
    public static readonly Dictionary<string, LimitKey> Keys = new(StringComparer.Ordinal)
    {
        ["endpoint"] = LimitKey.Endpoint,
        ["user"] = LimitKey.User,
        ["user_group"] = LimitKey.UserGroup,
        ["service_principal"] = LimitKey.ServicePrincipal,
    };

    /// <summary>The windows: the API's <c>minute</c>, and ours.</summary>
    private static readonly Dictionary<string, RenewalPeriod> Periods = new(StringComparer.Ordinal)
    {
        ["minute"] = RenewalPeriod.Minute,
        ["hour"] = RenewalPeriod.Hour,
        ["day"] = RenewalPeriod.Day,
    };

    /// <summary>The legacy API's keys and window, exactly as it documents them.</summary>
    private static readonly Dictionary<string, LimitKey> LegacyKeys = new(StringComparer.Ordinal)
    {
        ["user"] = LimitKey.User,
        ["endpoint"] = LimitKey.Endpoint,
    };

    private static readonly Dictionary<string, RenewalPeriod> LegacyPeriods = new(StringComparer.Ordinal) { ["minute"] = RenewalPeriod.Minute };

    public static List<RateLimitRule> Read(JsonNode? node, string path, List<string> problems)
    {
        var rules = new List<RateLimitRule>();
        var list = GatewayFields.List(node, path, problems) ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (GatewayFields.Block(list[i], at, problems) is not { } entry)
            {
                continue;
            }

            var before = problems.Count;
            GatewayFields.RefuseUnknown(entry, at, "a rate limit", Fields, problems);
            var calls = GatewayFields.Count(entry, "calls", at, 0, problems);
            var tokens = GatewayFields.Count(entry, "tokens", at, 0, problems);
            if (entry["calls"] is null && entry["tokens"] is null)
            {
                problems.Add($"{at} must limit calls, tokens or both.");
            }

            var key = KeyOf(entry, at, Keys, problems);
            var principal = PrincipalOf(entry, at, key, problems);
            var period = PeriodOf(entry, at, Periods, problems);
            if (problems.Count == before)
            {
                rules.Add(new RateLimitRule(at, key, principal, calls, tokens, period));
            }
        }

        return rules;
    }

    /// <summary>The legacy form: <c>{calls, renewal_period: "minute", key: "user"|"endpoint"}</c>, calls required.</summary>
    public static List<RateLimitRule> ReadLegacy(JsonNode? node, string path, List<string> problems)
    {
        var rules = new List<RateLimitRule>();
        var list = GatewayFields.List(node, path, problems) ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (GatewayFields.Block(list[i], at, problems) is not { } entry)
            {
                continue;
            }

            var before = problems.Count;
            GatewayFields.RefuseUnknown(entry, at, "a legacy rate limit (ai_gateway.rate_limits has more)", LegacyFields, problems);
            var calls = GatewayFields.Count(entry, "calls", at, 0, problems);
            if (entry["calls"] is null)
            {
                problems.Add($"{at}.calls is required: how many queries per minute.");
            }

            var key = KeyOf(entry, at, LegacyKeys, problems);
            var period = PeriodOf(entry, at, LegacyPeriods, problems);
            if (problems.Count == before)
            {
                rules.Add(new RateLimitRule(at, key, null, calls, null, period));
            }
        }

        return rules;
    }

    /// <summary>The key, <see cref="LimitKey.Endpoint"/> when absent (the API's default).</summary>
    public static LimitKey KeyOf(JsonObject entry, string at, IReadOnlyDictionary<string, LimitKey> keys, List<string> problems) =>
        GatewayFields.Choice(entry, "key", at, keys, problems) ?? LimitKey.Endpoint;

    /// <summary>The principal, which only a key naming callers (user, group, service principal) can have.</summary>
    public static string? PrincipalOf(JsonObject entry, string at, LimitKey key, List<string> problems)
    {
        var principal = GatewayFields.Principal(entry, at, problems);
        if (principal is not null && key == LimitKey.Endpoint)
        {
            problems.Add($"{at}.principal needs key user, user_group or service_principal: the key endpoint counts every caller together.");
            return null;
        }

        return principal;
    }

    private static RenewalPeriod PeriodOf(JsonObject entry, string at, IReadOnlyDictionary<string, RenewalPeriod> periods, List<string> problems)
    {
        if (entry["renewal_period"] is null)
        {
            problems.Add($"{at}.renewal_period is required: one of {string.Join(", ", periods.Keys)}.");
        }

        return GatewayFields.Choice(entry, "renewal_period", at, periods, problems) ?? RenewalPeriod.Minute;
    }
}
