namespace Switchyard.Core.Gateway;

/// <summary>Whom a rate limit or budget counts: the whole endpoint, or each caller of a kind (or one named caller).</summary>
public enum LimitKey
{
    /// <summary>Every query of the endpoint, whoever sends it (the API's default key).</summary>
    Endpoint,

    /// <summary>Users: each user their own count, or only the user named by <c>principal</c>.</summary>
    User,

    /// <summary>Groups: the members of each group (or of the group named by <c>principal</c>) share one count.</summary>
    UserGroup,

    /// <summary>Service principals: each their own count, or only the one named by <c>principal</c>.</summary>
    ServicePrincipal,
}

/// <summary>A rate limit's window. The API has <c>minute</c> only; <c>hour</c> and <c>day</c> are ours.</summary>
public enum RenewalPeriod
{
    Minute,
    Hour,
    Day,
}

/// <summary>
/// One entry of <c>ai_gateway.rate_limits</c>: at most <see cref="Calls"/> queries and at most
/// <see cref="Tokens"/> tokens (input and output) per <see cref="Period"/> for each subject of
/// <see cref="Key"/>. Either may be absent, not both (the API allows one per rule; we allow both).
/// </summary>
/// <param name="Field">Where it was set, to name it in a refusal: <c>ai_gateway.rate_limits[1]</c>, or <c>rate_limits[0]</c> for the legacy field.</param>
/// <param name="Principal">The one user, group or service principal it applies to; null = each caller of the key.</param>
public sealed record RateLimitRule(string Field, LimitKey Key, string? Principal, long? Calls, long? Tokens, RenewalPeriod Period);

/// <summary>A token budget's period (ours): the calendar day or month, in UTC.</summary>
public enum BudgetPeriod
{
    Day,
    Month,
}

/// <summary>
/// One entry of <c>ai_gateway.budgets</c> (ours): at most <see cref="Tokens"/> tokens per
/// <see cref="Period"/> for each subject of <see cref="Key"/> (or the one named by
/// <see cref="Principal"/>). Spend is kept in the database, so a restart forgets none of it.
/// </summary>
/// <param name="Field">Where it was set, to name it in a refusal: <c>ai_gateway.budgets[0]</c>.</param>
public sealed record BudgetRule(string Field, LimitKey Key, string? Principal, long Tokens, BudgetPeriod Period);
