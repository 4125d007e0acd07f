using System.Text.Json.Nodes;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Config;

/// <summary><c>ai_gateway.budgets</c> (ours): <c>[{key, principal?, tokens, period}]</c> into <see cref="BudgetRule"/>s.</summary>
internal static class BudgetsReader
{
    private static readonly string[] Fields = ["key", "principal", "tokens", "period"];

    private static readonly Dictionary<string, BudgetPeriod> Periods = new(StringComparer.Ordinal)
    {
        ["day"] = BudgetPeriod.Day,
        ["month"] = BudgetPeriod.Month,
    };

    public static List<BudgetRule> Read(JsonNode? node, string path, List<string> problems) =>
        GatewayFields.Entries(node, path, problems, (entry, at) =>
        {
            GatewayFields.RefuseUnknown(entry, at, "a budget", Fields, problems);
            if (entry["key"] is null)
            {
                problems.Add($"{at}.key is required: one of {string.Join(", ", RateLimitsReader.Keys.Keys)}.");
            }

            var key = RateLimitsReader.KeyOf(entry, at, RateLimitsReader.Keys, problems);
            var principal = RateLimitsReader.PrincipalOf(entry, at, key, problems);
            var tokens = GatewayFields.Count(entry, "tokens", at, 1, problems);
            if (entry["tokens"] is null)
            {
                problems.Add($"{at}.tokens is required: how many tokens (input and output) per period, at least 1.");
            }

            if (entry["period"] is null)
            {
                problems.Add($"{at}.period is required: one of {string.Join(", ", Periods.Keys)}.");
            }

            var period = GatewayFields.Choice(entry, "period", at, Periods, problems);
            // Either is null only when a problem was noted, and then the entry is dropped.
            return new BudgetRule(at, key, principal, tokens ?? 0, period ?? BudgetPeriod.Day);
        });
}
