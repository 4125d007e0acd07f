using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>What a limit counts: queries, or tokens (input and output together).</summary>
public enum LimitMeasure
{
    Calls,
    Tokens,
}

/// <summary>
/// One limit of one rule: a rate limit with both <c>calls</c> and <c>tokens</c> is two terms, a
/// budget is one (tokens). Built once per stored config (<see cref="LimitPlan"/>), never per query.
/// </summary>
/// <param name="Field">Where the rule was set, for messages: <c>ai_gateway.rate_limits[1]</c>.</param>
/// <param name="Principal">The one user, group or service principal the rule names; null for every caller of its key.</param>
/// <param name="Amount">How many calls or tokens per window; 0 disables the endpoint (rate limits only).</param>
public sealed record LimitTerm(string Field, LimitKey Key, string? Principal, LimitMeasure Measure, LimitWindow Window, long Amount)
{
    /// <summary>
    /// The rule's identity its counts are kept under: key, principal, window and measure, not the
    /// amount. Storing the same rules again keeps the counts; a rule changed in any of these starts
    /// from nothing; a changed amount applies to what was already counted.
    /// </summary>
    public string Identity { get; } = $"{KeyName(Key)}|{Principal}|{Window.ToWire()}|{(Measure == LimitMeasure.Calls ? "calls" : "tokens")}";

    /// <summary>True when the term names one principal rather than every caller of its key.</summary>
    public bool Named => Principal is not null;

    /// <summary>The key as the API writes it.</summary>
    public static string KeyName(LimitKey key) => key switch
    {
        LimitKey.User => "user",
        LimitKey.UserGroup => "user_group",
        LimitKey.ServicePrincipal => "service_principal",
        _ => "endpoint",
    };

    /// <summary>The measure in words, for messages: "5 calls", "1000 tokens".</summary>
    public string Quantity(long amount) => $"{amount} {(Measure == LimitMeasure.Calls ? amount == 1 ? "call" : "calls" : amount == 1 ? "token" : "tokens")}";
}

/// <summary>A term as it applies to one query: the subject whose count it is (a user, service principal or group name; empty for the endpoint).</summary>
public readonly record struct AppliedLimit(LimitTerm Term, string Subject)
{
    /// <summary>Whom the count is of, for messages: "user alice@example.com", "group analysts"; empty for the endpoint key.</summary>
    public string Whom => Term.Key switch
    {
        LimitKey.User => $"user {Subject}",
        LimitKey.UserGroup => $"group {Subject}",
        LimitKey.ServicePrincipal => $"service principal {Subject}",
        _ => "",
    };
}
