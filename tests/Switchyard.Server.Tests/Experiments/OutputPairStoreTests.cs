using Switchyard.Core.Experiments;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>The output pair store on SQLite and PostgreSQL: pairs in, one source's time range out (oldest first, at most so many), outputs kept to the limit, an endpoint's pairs deleted.</summary>
public sealed class OutputPairStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static OutputPair Pair(string endpoint, string source, string id, DateTimeOffset time, string candidate = "{\"predictions\": [2]}") =>
        new(endpoint, source, id, time, 3, "current", "challenger", 200, 503, 1.25, 7.5, "{\"predictions\": [1]}", candidate);

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Append_ThenRead_GivesBackEveryField_OfOneSource_InTheRange_OldestFirst(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlOutputPairStore(db.Database);
        var pairs = new[]
        {
            Pair("e", "shadow:challenger", "r2", Start.AddMilliseconds(20)),
            Pair("e", "shadow:challenger", "r1", Start.AddMilliseconds(10)),
            Pair("e", "shadow:other", "r3", Start.AddMilliseconds(15)),
            Pair("f", "shadow:challenger", "r4", Start.AddMilliseconds(15)),
            Pair("e", "shadow:challenger", "r5", Start.AddMilliseconds(30)),
        };
        await store.AppendAsync(pairs, None);

        var read = await store.ReadAsync("e", "shadow:challenger", Start.AddMilliseconds(10), Start.AddMilliseconds(30), 100, None);
        Assert.Equal([pairs[1], pairs[0]], read);
        Assert.Equal([pairs[1]], await store.ReadAsync("e", "shadow:challenger", Start, Start.AddHours(1), 1, None));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Outputs_AreKeptToTheLimit_WithoutSplittingACharacter(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlOutputPairStore(db.Database);
        var huge = new string('x', SqlOutputPairStore.MaxOutputChars + 10);
        var cut = new string('x', SqlOutputPairStore.MaxOutputChars - 1) + "\U0001F600" + "yyy";
        await store.AppendAsync([Pair("e", "s", "big", Start, huge), Pair("e", "s", "emoji", Start.AddMilliseconds(1), cut)], None);

        var read = await store.ReadAsync("e", "s", Start, Start.AddHours(1), 10, None);
        Assert.Equal(huge[..SqlOutputPairStore.MaxOutputChars], read[0].CandidateOutput);
        Assert.Equal(cut[..(SqlOutputPairStore.MaxOutputChars - 1)], read[1].CandidateOutput);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task DeleteEndpoint_DeletesItsPairsOnly(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = new SqlOutputPairStore(db.Database);
        await store.AppendAsync([Pair("e", "s", "r1", Start), Pair("f", "s", "r2", Start)], None);
        await store.DeleteEndpointAsync("e", None);
        Assert.Empty(await store.ReadAsync("e", "s", Start, Start.AddHours(1), 10, None));
        Assert.Single(await store.ReadAsync("f", "s", Start, Start.AddHours(1), 10, None));
    }
}
