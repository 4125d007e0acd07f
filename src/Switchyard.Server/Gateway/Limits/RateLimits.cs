namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// Where queries are counted against rate limits: in this process (one replica, or several
/// without <c>--redis</c>: each replica then enforces each limit on its own queries), or in Redis
/// across replicas (<see cref="GlobalRateLimits"/>).
/// </summary>
/// <remarks>Started with the host, so Redis is being connected to before the first query, and disconnected on stop.</remarks>
public sealed class RateLimits(RateLimitCounters local, GlobalRateLimits? global) : IHostedService
{
    public long NowMilliseconds => local.NowMilliseconds;

    public ValueTask<Admission> AdmitAsync(string endpoint, List<AppliedLimit> applied, long tokens) =>
        global is null ? ValueTask.FromResult(local.Admit(endpoint, applied, tokens)) : global.AdmitAsync(endpoint, applied, tokens);

    /// <summary>A budget's spend: this replica's ledger alone, or with <c>--redis</c> every replica's.</summary>
    public ValueTask<long> BudgetSpentAsync(BudgetLedger.Entry entry) =>
        global is null ? ValueTask.FromResult(entry.Used) : global.BudgetSpentAsync(entry);

    /// <summary>Adds an answer's tokens to a budget across replicas (nothing to do without Redis: the ledger counts them).</summary>
    public void ChargeBudget(BudgetLedger.Entry entry, long tokens) => global?.ChargeBudget(entry, tokens);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (global is not null)
        {
            await global.DisposeAsync();
        }
    }
}
