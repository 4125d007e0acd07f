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

    public static List<BudgetRule> Read(JsonNode? node, string path, List<string> problems)
    {
        var budgets = new List<BudgetRule>();
        var list = GatewayFields.List(node, path, problems) ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (GatewayFields.Block(list[i], at, problems) is not { } entry)
            {
                continue;
            }

            var before = problems.Count;
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
            if (problems.Count == before)
            {
                budgets.Add(new BudgetRule(at, key, principal, tokens!.Value, period!.Value));
            }
        }

        return budgets;
    }
}
