namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// What a refused caller is told: the rule by the field it was set in, its amount and window, whom
/// it counts (user, service principal or group; nothing for the endpoint key), and when to retry.
/// </summary>
public static class LimitMessages
{
    /// <summary>403: a rule set to 0 blocks everyone it applies to.</summary>
    public static string Disabled(string endpoint, AppliedLimit limit) =>
        $"Endpoint {endpoint} is disabled by a rate limit set to 0 ({limit.Term.Field}: {Describe(limit)}).";

    /// <summary>429: over a rate limit.</summary>
    public static string Exceeded(string endpoint, RateRefusal refusal)
    {
        var limit = refusal.Limit;
        var term = limit.Term;
        var tokens = term.Measure == LimitMeasure.Tokens
            ? refusal.Asked > term.Amount
                ? $"; the query alone reserves {refusal.Asked} tokens (max_tokens, or {TokenReservation.DefaultMaxTokens} when unset, plus its input), more than the limit: send a lower max_tokens"
                : $"; the query reserves {refusal.Asked} tokens and {refusal.Remaining} remain"
            : "";
        return $"Exceeded the rate limit {term.Field} of {Describe(limit)} on endpoint {endpoint}{tokens}; retry in {refusal.RetryAfterSeconds} s.";
    }

    /// <summary>429: a budget spent.</summary>
    public static string BudgetSpent(string endpoint, AppliedLimit limit, long used, int retryAfterSeconds) =>
        $"Exceeded the token budget {limit.Term.Field} of {Describe(limit)} on endpoint {endpoint} ({used} tokens used this {limit.Term.Window.ToWire()}); retry in {retryAfterSeconds} s.";

    /// <summary>"5 calls per minute for user alice@example.com".</summary>
    private static string Describe(AppliedLimit limit)
    {
        var whom = limit.Whom;
        return $"{limit.Term.Quantity(limit.Term.Amount)} per {limit.Term.Window.ToWire()}{(whom.Length == 0 ? "" : " for " + whom)}";
    }
}
