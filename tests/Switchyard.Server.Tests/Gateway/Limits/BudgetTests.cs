using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>Token budgets over real HTTP on a fake clock: charged with each answer's usage, refused once spent, shown, and kept across a restart.</summary>
public sealed class BudgetTests(LimitsHost host) : IClassFixture<LimitsHost>
{
    [Fact]
    public async Task ABudget_IsSpentAcrossQueries_RefusedOnceSpent_AndRenewedWithItsPeriod()
    {
        var endpoint = await host.CreateEchoEndpointAsync("bg-spent", """{"budgets": [{"tokens": 5, "key": "user", "period": "day"}]}""");
        StartOfDay(hours: 18);

        await host.QueryOkAsync(host.Alice, endpoint, 3); // 2 tokens each: 2, 4, 6
        var refused = await host.QueryAsync(host.Alice, endpoint);

        var message = await ApiAssert.ErrorAsync(refused, 429, "REQUEST_LIMIT_EXCEEDED");
        Assert.Equal($"Exceeded the token budget ai_gateway.budgets[0] of 5 tokens per day for user alice@example.com on endpoint {endpoint} (6 tokens used this day); retry in 21600 s.", message);
        Assert.Equal(TimeSpan.FromHours(6), refused.Headers.RetryAfter?.Delta);
        await host.QueryOkAsync(host.Bob, endpoint); // bob's budget is his own

        host.Clock.Advance(TimeSpan.FromHours(6));
        await host.QueryOkAsync(host.Alice, endpoint);
    }

    [Fact]
    public async Task TheBudgetsRoute_ShowsAManagerEverySubject_AndAQuerierTheirOwn()
    {
        var endpoint = await host.CreateEchoEndpointAsync("bg-route", """
            {"budgets": [
                {"tokens": 100, "key": "user", "period": "day"},
                {"tokens": 1000, "key": "user_group", "principal": "analysts", "period": "month"},
                {"tokens": 5000, "key": "endpoint", "period": "month"}]}
            """);
        StartOfDay(hours: 1);
        await host.QueryOkAsync(host.Alice, endpoint);
        await host.QueryOkAsync(host.Bob, endpoint, 2);

        // The admin sees every subject, and its own budget with nothing spent yet.
        var all = await Rows(host.Server.Client, endpoint);
        Assert.Equal(
            ["budgets[0] admin 0", "budgets[0] alice@example.com 2", "budgets[0] bob@example.com 4", "budgets[1] analysts 6", "budgets[2] - 6"],
            all.Select(Summary));
        var alice = all[1];
        Assert.Equal(("user", "day", "2026-03-11T00:00:00Z", "2026-03-12T00:00:00Z", 100L, 98L),
            ((string?)alice["key"], (string?)alice["period"], (string?)alice["period_start"], (string?)alice["period_end"],
             (long)alice["limit_tokens"]!, (long)alice["remaining_tokens"]!));
        Assert.Equal(("analysts", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"),
            ((string?)all[3]["principal"], (string?)all[3]["period_start"], (string?)all[3]["period_end"]));

        Assert.Equal(["budgets[0] alice@example.com 2", "budgets[1] analysts 6", "budgets[2] - 6"],
            (await Rows(host.As(host.Alice), endpoint)).Select(Summary));
        Assert.Equal(["budgets[0] carol@example.com 0", "budgets[2] - 6"], (await Rows(host.As(host.Carol), endpoint)).Select(Summary));
    }

    [Fact]
    public async Task TheBudgetsRoute_NeedsCanQuery()
    {
        var endpoint = await host.CreateEchoEndpointAsync("bg-denied", """{"budgets": [{"tokens": 100, "key": "user", "period": "day"}]}""");
        var (_, token) = await host.Server.CreateUserWithTokenAsync("dave@example.com");

        await ApiAssert.ErrorAsync(await host.Server.ClientFor(token).GetAsync($"/api/2.0/serving-endpoints/{endpoint}/budgets"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/ghost/budgets"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Spend_ReachesTheDatabaseWithinASecond_AndSurvivesARestart()
    {
        var endpoint = await host.CreateEchoEndpointAsync("bg-restart", """{"budgets": [{"tokens": 7, "key": "user_group", "period": "month"}]}""");
        await host.QueryOkAsync(host.Bob, endpoint, 3);

        var store = host.Server.Services.GetRequiredService<IBudgetSpendStore>();
        var deadline = DateTime.UtcNow.AddSeconds(2);
        long stored;
        while ((stored = (await store.ListAsync(endpoint, 0, CancellationToken.None)).Sum(row => row.UsedTokens)) < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(6, stored);

        await host.QueryOkAsync(host.Bob, endpoint);
        await host.RestartAsync();
        await host.Server.WaitUntilReadyAsync(endpoint);

        Assert.Equal(["budgets[0] admins 0", "budgets[0] analysts 8"], (await Rows(host.Server.Client, endpoint)).Select(Summary));
        Assert.Contains("for group analysts", await ApiAssert.ErrorAsync(await host.QueryAsync(host.Bob, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);
    }

    /// <summary>Moves the clock to the next UTC midnight plus <paramref name="hours"/>.</summary>
    private void StartOfDay(int hours)
    {
        var now = host.Clock.GetUtcNow();
        host.Clock.Advance(now.Date.AddDays(1).AddHours(hours) - now.UtcDateTime);
    }

    private static async Task<List<JsonObject>> Rows(HttpClient client, string endpoint) =>
        [.. (await ApiAssert.OkJsonAsync(await client.GetAsync($"/api/2.0/serving-endpoints/{endpoint}/budgets")))["budgets"]!.AsArray().Select(row => row!.AsObject())];

    private static string Summary(JsonObject row) =>
        $"{((string)row["field"]!)["ai_gateway.".Length..]} {(string?)row["subject"] ?? "-"} {(long)row["used_tokens"]!}";
}
