using System.Text.Json.Nodes;
using Switchyard.Core.Experiments;
using Switchyard.Core.Gateway;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Stores;

/// <summary>The budget spend, replay and rollout stores, the same tests on SQLite and on PostgreSQL.</summary>
public sealed class GatewayAndExperimentStoreSuiteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Budget_spend_adds_up_per_key_and_lists_recent_periods(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlBudgetSpendStore(db.Database);
        var key = new BudgetSpendKey("chat", "daily", "ana", 1000);
        await store.AddAsync([new BudgetSpend(key, 5), new BudgetSpend(key with { Subject = "bo" }, 1)], None);
        await store.AddAsync([new BudgetSpend(key, 7), new BudgetSpend(key with { PeriodStart = 0 }, 3)], None);

        Assert.Equal(12, await store.ReadAsync(key, None));
        Assert.Equal(0, await store.ReadAsync(key with { Rule = "monthly" }, None));
        Assert.Equal([new BudgetSpend(key, 12), new BudgetSpend(key with { Subject = "bo" }, 1)], await store.ListAsync("chat", 1000, None));
        Assert.Empty(await store.ListAsync("other", 0, None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Replays_are_rewritten_listed_newest_first_and_failed_when_left_running(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlReplayStore(db.Database);
        var first = new ReplayRecord("r-1", "id-a", "chat", "RUNNING", "{}", 10, 0, 0, 0, 100, null, null, null);
        await store.SaveAsync(first, None);
        await store.SaveAsync(first with { Sent = 4, Completed = 3, Failed = 1 }, None);
        await store.SaveAsync(first with { ReplayId = "r-2", CreatedMs = 200, State = "SUCCEEDED", FinishedMs = 250, Report = "{\"ok\":1}" }, None);
        await store.SaveAsync(first with { ReplayId = "r-3", EndpointId = "id-b" }, None);

        Assert.Equal(first with { Sent = 4, Completed = 3, Failed = 1 }, await store.FindAsync("id-a", "r-1", None));
        Assert.Null(await store.FindAsync("id-b", "r-1", None));
        Assert.Equal(["r-2", "r-1"], (await store.ListAsync("id-a", 10, None)).Select(r => r.ReplayId));
        Assert.Equal(["r-2"], (await store.ListAsync("id-a", 1, None)).Select(r => r.ReplayId));

        Assert.Equal(2, await store.FailRunningAsync("server restarted", 300, None));
        var failed = await store.FindAsync("id-a", "r-1", None);
        Assert.Equal(("FAILED", "server restarted", 300L), (failed!.State, failed.Message, failed.FinishedMs));
        Assert.Equal("SUCCEEDED", (await store.FindAsync("id-a", "r-2", None))!.State);

        await store.DeleteEndpointAsync("id-a", None);
        Assert.Empty(await store.ListAsync("id-a", 10, None));
        Assert.Single(await store.ListAsync("id-b", 10, None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Rollouts_keep_the_latest_per_endpoint(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlRolloutStore(db.Database, TimeProvider.System);
        await store.SaveAsync("id-a", new JsonObject { ["state"] = "RUNNING" }, None);
        await store.SaveAsync("id-a", new JsonObject { ["state"] = "DONE" }, None);
        await store.SaveAsync("id-b", new JsonObject { ["state"] = "RUNNING" }, None);

        var all = await store.ReadAllAsync(None);
        Assert.Equal(2, all.Count);
        Assert.Equal("DONE", (string?)all["id-a"]["state"]);

        await store.DeleteAsync("id-a", None);
        Assert.Equal(["id-b"], (await store.ReadAllAsync(None)).Keys);
    }
}
