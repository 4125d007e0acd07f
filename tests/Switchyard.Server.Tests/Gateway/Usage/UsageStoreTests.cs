using Switchyard.Core.Gateway;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;
using static Switchyard.Server.Tests.Gateway.Usage.UsageSamples;

namespace Switchyard.Server.Tests.Gateway.Usage;

/// <summary>The usage store, the same tests on SQLite and PostgreSQL: rows and served-entity records in, pages, ranges and totals out.</summary>
public sealed class UsageStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Append_ThenRead_GivesBackEveryColumn(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlUsageStore(db.Database);
        var full = new UsageRecord("req-1", "client-7", Start.AddMilliseconds(1234), 429, "ana@example.com", "chat",
            ServedEntityId.Of("chat", "champion", 1), "champion", 11, 22, RequestStreaming: true,
            new Dictionary<string, string> { ["team"] = "risk", ["Case"] = "Kept" }, LatencyMs: 250.25, TimeToFirstByteMs: 40.5);
        var bare = new UsageRecord("req-2", null, Start.AddSeconds(2), 200, "bo@example.com", "chat",
            ServedEntityId.Of("chat", "champion", 1), "champion", null, null, false, null, 3, null);

        await store.AppendAsync([full, bare], [Entity("chat")], None);
        var page = await store.ReadAsync(All("chat"), None);

        Assert.Null(page.Next);
        Assert.Equal(2, page.Rows.Count);
        Assert.Equal(full with { UsageContext = null }, page.Rows[0] with { UsageContext = null });
        Assert.Equal(full.UsageContext, page.Rows[0].UsageContext);
        Assert.Equal(bare, page.Rows[1]);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Read_PagesThroughRowsSharingOneMillisecond_EachOnceInOrder(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlUsageStore(db.Database);
        var rows = Enumerable.Range(0, 23)
            .Select(i => Row("chat", "ana@example.com", Start.AddMilliseconds(i < 10 ? 0 : i), id: $"r{i:D2}"))
            .ToList();
        await store.AppendAsync(rows[..12], [], None);
        await store.AppendAsync(rows[12..], [], None);

        var seen = new List<string>();
        UsageCursor? after = null;
        var pages = 0;
        do
        {
            var page = await store.ReadAsync(All("chat") with { MaxResults = 4, After = after }, None);
            Assert.True(page.Rows.Count <= 4);
            seen.AddRange(page.Rows.Select(r => r.DatabricksRequestId));
            after = page.Next;
            pages++;
        }
        while (after is not null);

        Assert.Equal(rows.Select(r => r.DatabricksRequestId), seen);
        Assert.Equal(6, pages);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Read_TimeRangeIsHalfOpen_AndRequesterAndEndpointFilter(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlUsageStore(db.Database);
        await store.AppendAsync(
        [
            Row("chat", "ana@example.com", Start, id: "at-start"),
            Row("chat", "bo@example.com", Start.AddSeconds(1), id: "bo"),
            Row("chat", "ana@example.com", Start.AddSeconds(2), id: "at-end"),
            Row("other", "ana@example.com", Start.AddSeconds(1), id: "other"),
        ], [], None);

        var range = await store.ReadAsync(All("chat") with { From = Start, To = Start.AddSeconds(2) }, None);
        var ana = await store.ReadAsync(All("chat") with { Requester = "ana@example.com" }, None);

        Assert.Equal(["at-start", "bo"], range.Rows.Select(r => r.DatabricksRequestId));
        Assert.Equal(["at-start", "at-end"], ana.Rows.Select(r => r.DatabricksRequestId));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ServedEntities_UpsertByIdIsIdempotent_AndTakesAChange(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlUsageStore(db.Database);
        var entity = Entity("chat");
        await store.AppendAsync([], [entity], None);
        await store.AppendAsync([], [entity], None);
        var changed = entity with { EntityVersion = "2", ChangeTime = Start.AddHours(1) };
        await store.AppendAsync([], [changed, Entity("chat", "challenger")], None);

        var entities = await store.ReadServedEntitiesAsync("chat", None);

        Assert.Equal([Entity("chat", "challenger"), changed], entities);
        Assert.Empty(await store.ReadServedEntitiesAsync("other", None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Sum_AddsUpRequestsErrorsAndTokens_PerEntityAndRequester(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlUsageStore(db.Database);
        await store.AppendAsync(
        [
            Row("chat", "ana@example.com", Start, input: 5, output: 7),
            Row("chat", "ana@example.com", Start.AddSeconds(1), status: 429, input: null, output: null),
            Row("chat", "ana@example.com", Start.AddSeconds(2), served: "challenger", input: 1, output: 1),
            Row("chat", "bo@example.com", Start.AddSeconds(3), status: 500, input: 2, output: 0),
            Row("chat", "bo@example.com", Start.AddHours(1)),
        ], [], None);

        var totals = await store.SumAsync(All("chat") with { To = Start.AddMinutes(1), MaxResults = 1, After = new UsageCursor(0, 0) }, None);

        Assert.Equal(
        [
            new UsageTotal("challenger", "ana@example.com", 1, 0, 1, 1),
            new UsageTotal("champion", "ana@example.com", 2, 1, 5, 7),
            new UsageTotal("champion", "bo@example.com", 1, 1, 2, 0),
        ], totals);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task DeleteEndpoint_RemovesItsRowsAndEntities_AndNoOtherEndpoints(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlUsageStore(db.Database);
        await store.AppendAsync([Row("chat", "ana@example.com", Start), Row("other", "ana@example.com", Start)],
            [Entity("chat"), Entity("other")], None);

        await store.DeleteEndpointAsync("chat", None);

        Assert.Empty((await store.ReadAsync(All("chat"), None)).Rows);
        Assert.Empty(await store.ReadServedEntitiesAsync("chat", None));
        Assert.Single((await store.ReadAsync(All("other"), None)).Rows);
        Assert.Single(await store.ReadServedEntitiesAsync("other", None));
    }

    private static UsageQuery All(string endpoint) => new(endpoint, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, null, 1000);
}
