namespace Switchyard.Core.Gateway;

/// <summary>
/// Whose spend against which budget in which period: the endpoint, the budget rule's identity
/// (its key, principal and period, so a rule stored again keeps its spend and a changed one
/// starts from nothing), the subject counted (a user, service principal or group; empty for the
/// endpoint key) and the period's start in UTC Unix seconds.
/// </summary>
public readonly record struct BudgetSpendKey(string Endpoint, string Rule, string Subject, long PeriodStart);

/// <summary>The tokens spent under one <see cref="BudgetSpendKey"/>.</summary>
public readonly record struct BudgetSpend(BudgetSpendKey Key, long UsedTokens);

/// <summary>
/// Where the tokens spent against <c>ai_gateway.budgets</c> are kept, so a restart forgets none
/// of it. The limiter keeps the live figures in memory and adds to them here in batches.
/// </summary>
public interface IBudgetSpendStore
{
    /// <summary>The tokens spent under <paramref name="key"/>; 0 when none were.</summary>
    Task<long> ReadAsync(BudgetSpendKey key, CancellationToken ct);

    /// <summary>The endpoint's spend in periods that started at or after <paramref name="periodStartAtLeast"/>.</summary>
    Task<IReadOnlyList<BudgetSpend>> ListAsync(string endpoint, long periodStartAtLeast, CancellationToken ct);

    /// <summary>Adds each <see cref="BudgetSpend.UsedTokens"/> to what its key holds, all in one transaction.</summary>
    Task AddAsync(IReadOnlyCollection<BudgetSpend> spends, CancellationToken ct);
}
