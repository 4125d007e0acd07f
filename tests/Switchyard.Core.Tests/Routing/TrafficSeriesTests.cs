using Microsoft.Extensions.Time.Testing;
using Switchyard.Core.Routing;

namespace Switchyard.Core.Tests.Routing;

public sealed class TrafficSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 30, TimeSpan.Zero);

    [Fact]
    public void EachMinuteCountsItsOwnQueriesErrorsAndTokens()
    {
        var clock = new FakeTimeProvider(Start);
        var series = new TrafficSeries(clock);
        series.Record(2, failed: false, tokens: 10);
        series.Record(4, failed: true, tokens: 0);
        clock.Advance(TimeSpan.FromMinutes(1));
        series.Record(8, failed: false, tokens: 5);

        var points = series.Read(3);

        Assert.Equal(3, points.Count);
        Assert.Equal(new TrafficPoint(Start.AddMinutes(-1).ToUnixTimeMilliseconds() / 60_000 * 60_000, 0, 0, 0, null, null), points[0]);
        Assert.Equal((2L, 1L, 10L), (points[1].Requests, points[1].Errors, points[1].Tokens));
        Assert.Equal((1L, 0L, 5L), (points[2].Requests, points[2].Errors, points[2].Tokens));
        Assert.Equal(points[1].Time + 60_000, points[2].Time);
    }

    [Fact]
    public void AMinuteAnHourOldIsClearedBeforeItsBucketIsReused()
    {
        var clock = new FakeTimeProvider(Start);
        var series = new TrafficSeries(clock);
        series.Record(1, failed: true, tokens: 7);
        clock.Advance(TimeSpan.FromMinutes(TrafficSeries.Minutes));
        series.Record(1, failed: false, tokens: 0);

        var points = series.Read();

        Assert.Equal(1, points.Sum(p => p.Requests));
        Assert.Equal(0, points.Sum(p => p.Errors));
        Assert.Equal(0, points.Sum(p => p.Tokens));
    }

    [Fact]
    public void QuantilesAreWithinTheBucketsResolution()
    {
        var series = new TrafficSeries(new FakeTimeProvider(Start));
        for (var i = 1; i <= 1000; i++)
        {
            series.Record(i / 10.0, failed: false, tokens: 0); // 0.1 ms … 100 ms, evenly
        }

        var point = series.Read(1)[0];

        Assert.InRange(point.P50Ms!.Value, 50 / 1.13, 50 * 1.13);
        Assert.InRange(point.P99Ms!.Value, 99 / 1.13, 99 * 1.13);
    }

    [Fact]
    public void ConcurrentRecordsAreAllCounted()
    {
        var series = new TrafficSeries(new FakeTimeProvider(Start));
        Parallel.For(0, 40_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => series.Record(i % 50, i % 4 == 0, 1));

        var point = series.Read(1)[0];

        Assert.Equal((40_000L, 10_000L, 40_000L), (point.Requests, point.Errors, point.Tokens));
    }
}
