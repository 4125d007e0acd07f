using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Server.Gateway.Usage;
using static Switchyard.Server.Tests.Gateway.Usage.UsageSamples;

namespace Switchyard.Server.Tests.Gateway.Usage;

/// <summary>The usage log's queue and background writer, against a store that records each batch.</summary>
public sealed class UsageLogTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly RecordingUsageStore _store = new();

    [Fact]
    public async Task AppendedRows_AreWrittenWithinTheWindow_InFewBatches()
    {
        var log = Log(new UsageLogOptions { WriteWindow = TimeSpan.FromSeconds(1) });
        await log.StartAsync(None);
        try
        {
            log.Append(Row("chat", "ana@example.com", Start), Entity("chat"));
            await WaitForRowsAsync(1, TimeSpan.FromSeconds(5));
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++)
            {
                log.Append(Row("chat", "ana@example.com", Start.AddMilliseconds(i)), Entity("chat"));
            }

            await WaitForRowsAsync(201, TimeSpan.FromSeconds(5));

            // The second burst waited for the rest of the window, then went in one batch.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"written after {clock.Elapsed}");
            Assert.Equal(2, _store.Batches.Count);
            Assert.Equal(new(201, 0), log.CountsOf("chat"));
        }
        finally
        {
            await log.StopAsync(None);
        }
    }

    [Fact]
    public async Task Stop_WritesEverythingStillQueued()
    {
        var log = Log(new UsageLogOptions { WriteWindow = TimeSpan.FromHours(1) });
        await log.StartAsync(None);
        log.Append(Row("chat", "ana@example.com", Start), Entity("chat"));
        await WaitForRowsAsync(1, TimeSpan.FromSeconds(5));
        for (var i = 0; i < 50; i++)
        {
            log.Append(Row("chat", "bo@example.com", Start.AddSeconds(i)), Entity("chat"));
        }

        // Held by the hour-long window until the stop.
        await Task.Delay(100);
        Assert.Single(_store.Rows);

        await log.StopAsync(None);

        Assert.Equal(51, _store.Rows.Count);
        Assert.Equal(new(51, 0), log.Totals);
    }

    [Fact]
    public async Task FullQueue_DropsTheRowAndCountsIt_WithoutWaiting()
    {
        var log = Log(new UsageLogOptions { Capacity = 5 });
        var clock = Stopwatch.StartNew();

        // Not started: nothing takes rows off the queue.
        for (var i = 0; i < 8; i++)
        {
            log.Append(Row(i < 6 ? "chat" : "other", "ana@example.com", Start.AddSeconds(i)), Entity("chat"));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal(new(0, 1), log.CountsOf("chat"));
        Assert.Equal(new(0, 2), log.CountsOf("other"));
        await log.StartAsync(None);
        await log.StopAsync(None);

        Assert.Equal(new(5, 1), log.CountsOf("chat"));
        Assert.Equal(new(5, 3), log.Totals);
        Assert.Equal(5, _store.Rows.Count);
    }

    [Fact]
    public async Task ConcurrentAppends_LoseNothing()
    {
        var log = Log(new UsageLogOptions { WriteWindow = TimeSpan.FromMilliseconds(20), MaxBatch = 300 });
        await log.StartAsync(None);
        await Parallel.ForAsync(0, 8, async (thread, _) =>
        {
            for (var i = 0; i < 1000; i++)
            {
                log.Append(Row("chat", $"user{thread}@example.com", Start.AddMilliseconds(i), id: $"{thread}-{i}"), Entity("chat"));
                if (i % 100 == 0)
                {
                    await Task.Yield();
                }
            }
        });

        await log.StopAsync(None);

        Assert.Equal(8000, _store.Rows.Select(r => r.DatabricksRequestId).Distinct().Count());
        Assert.All(_store.Batches, batch => Assert.True(batch.Rows.Count <= 300));
        Assert.Equal(new(8000, 0), log.Totals);
    }

    [Fact]
    public async Task ServedEntity_IsUpsertedWithItsFirstRow_AndAgainOnlyWhenItChanges()
    {
        var log = Log(new UsageLogOptions { WriteWindow = TimeSpan.Zero });
        await log.StartAsync(None);
        var entity = Entity("chat");
        for (var i = 0; i < 3; i++)
        {
            log.Append(Row("chat", "ana@example.com", Start), entity);
            log.Append(Row("chat", "ana@example.com", Start), entity with { });
            await WaitForRowsAsync(2 * (i + 1), TimeSpan.FromSeconds(5));
        }

        var changed = entity with { EntityVersion = "2", ChangeTime = Start.AddHours(1) };
        log.Append(Row("chat", "ana@example.com", Start), changed);
        await log.StopAsync(None);

        Assert.Equal([entity, changed], _store.Batches.SelectMany(b => b.Entities));
    }

    [Fact]
    public async Task FailedWrite_IsCountedAsDropped_AndTheLogGoesOn()
    {
        var log = Log(new UsageLogOptions { WriteWindow = TimeSpan.Zero });
        _store.Failing = true;
        log.Append(Row("chat", "ana@example.com", Start), Entity("chat"));
        log.Append(Row("chat", "ana@example.com", Start), Entity("chat"));
        await log.StartAsync(None);
        while (log.CountsOf("chat").Dropped < 2)
        {
            await Task.Delay(10);
        }

        _store.Failing = false;
        log.Append(Row("chat", "ana@example.com", Start), Entity("chat"));
        await log.StopAsync(None);

        Assert.Equal(new(1, 2), log.CountsOf("chat"));
        // The entity's record was not written with the failed batch, so it goes with the next.
        Assert.Equal([Entity("chat")], _store.Batches.SelectMany(b => b.Entities));
    }

    [Fact]
    public async Task ForgetEndpoint_DeletesOnceTheRowsQueuedBeforeItAreWritten()
    {
        var log = Log(new UsageLogOptions { WriteWindow = TimeSpan.FromMilliseconds(200) });
        await log.StartAsync(None);
        log.Append(Row("chat", "ana@example.com", Start), Entity("chat"));
        log.Append(Row("other", "ana@example.com", Start), Entity("other"));

        await log.ForgetEndpointAsync("chat", None);

        Assert.Equal(2, _store.Rows.Count);
        Assert.Equal(["chat"], _store.Deleted);
        Assert.Equal(default, log.CountsOf("chat"));
        Assert.Equal(new(1, 0), log.CountsOf("other"));
        await log.StopAsync(None);
    }

    private UsageLog Log(UsageLogOptions options) => new(_store, options, NullLogger<UsageLog>.Instance);

    private async Task WaitForRowsAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (_store.Rows.Count < count)
        {
            Assert.True(clock.Elapsed < timeout, $"{_store.Rows.Count} of {count} rows written after {timeout}");
            await Task.Delay(5);
        }
    }
}
