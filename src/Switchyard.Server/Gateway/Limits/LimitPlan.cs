using System.Runtime.CompilerServices;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// An endpoint's rate limits and budgets as terms (<see cref="LimitTerm"/>), built once per stored
/// config and kept beside it for as long as the config lives, so a query only looks them up.
/// </summary>
public sealed class LimitPlan
{
    private static readonly ConditionalWeakTable<AiGatewayConfig, LimitPlan> Plans = new();

    private LimitPlan(AiGatewayConfig config)
    {
        var rates = new List<LimitTerm>();
        foreach (var rule in config.RateLimits)
        {
            var window = LimitWindows.Of(rule.Period);
            if (rule.Calls is { } calls)
            {
                rates.Add(new LimitTerm(rule.Field, rule.Key, rule.Principal, LimitMeasure.Calls, window, calls));
            }

            if (rule.Tokens is { } tokens)
            {
                rates.Add(new LimitTerm(rule.Field, rule.Key, rule.Principal, LimitMeasure.Tokens, window, tokens));
            }
        }

        Rates = new LimitTermSet(rates);
        Budgets = new LimitTermSet([.. config.Budgets.Select(budget => new LimitTerm(
            budget.Field, budget.Key, budget.Principal, LimitMeasure.Tokens, LimitWindows.Of(budget.Period), budget.Tokens))]);
    }

    /// <summary>The terms of <c>ai_gateway.rate_limits</c>, counted in memory per window.</summary>
    public LimitTermSet Rates { get; }

    /// <summary>The terms of <c>ai_gateway.budgets</c>, whose spend is kept in the database.</summary>
    public LimitTermSet Budgets { get; }

    public static LimitPlan For(AiGatewayConfig config) => Plans.GetValue(config, static c => new LimitPlan(c));
}
