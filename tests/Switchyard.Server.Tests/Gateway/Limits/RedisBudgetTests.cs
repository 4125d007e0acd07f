using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Limits;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>
/// Budgets across replicas with <c>--redis</c>: a budget's spend is checked against one count in a
/// real Redis, seeded from the database's spend, so tokens one replica charged count on another;
/// without Redis each replica falls back to its own ledger.
/// </summary>
[Collection(RedisFallbackCounter.Name)]
public sealed class RedisBudgetTests
{
    [Fact]
    public async Task Tokens_charged_on_one_replica_count_against_the_budget_on_another_and_an_outage_falls_back_to_the_replicas_own_spend()
    {
        using var redis = RedisServer.Start();
        await using var one = new GlobalRateLimits(redis.Configuration, new RateLimitCounters(TimeProvider.System), NullLogger<GlobalRateLimits>.Instance);
        await using var other = new GlobalRateLimits(redis.Configuration, new RateLimitCounters(TimeProvider.System), NullLogger<GlobalRateLimits>.Instance);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(one.IsConnected && other.IsConnected))
        {
            Assert.True(DateTime.UtcNow < deadline, "Redis not connected within 10 s");
            await Task.Delay(20);
        }

        // Both replicas read the same spend from the database (100 tokens) when the period began.
        var key = new BudgetSpendKey("shared-budget", "ai_gateway.budgets[0]", "endpoint", 1_796_256_000);
        var periodEnd = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
        var onOne = new BudgetLedger.Entry(key, 100, periodEnd);
        var onOther = new BudgetLedger.Entry(key, 100, periodEnd);
        Assert.Equal(100, await one.BudgetSpentAsync(onOne));

        one.ChargeBudget(onOne, 30);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        long seen;
        while ((seen = await other.BudgetSpentAsync(onOther)) != 130)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the other replica sees {seen} tokens spent, not 130");
            await Task.Delay(10);
        }

        Assert.Equal(100, onOther.Used);
        redis.Stop();
        Assert.Equal(100, await other.BudgetSpentAsync(onOther));
    }
}
