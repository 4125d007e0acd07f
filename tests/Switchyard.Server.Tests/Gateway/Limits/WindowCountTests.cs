using Switchyard.Server.Gateway.Limits;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>The lock-free count: however many threads admit at once, exactly the limit gets in.</summary>
public sealed class WindowCountTests
{
    [Fact]
    public void ConcurrentAdmits_NeverExceedTheLimit_AndTakeItExactly()
    {
        const int Limit = 10_000;
        var count = new WindowCount(60);
        var admitted = 0;
        using var start = new Barrier(8);

        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 5_000; i++)
            {
                if (count.TryTake(1, Limit))
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Equal(Limit, admitted);
        Assert.Equal(Limit, count.Used);
    }

    [Fact]
    public void ConcurrentReservations_WithGivebacks_StayWithinTheLimit()
    {
        const int Limit = 1_000;
        var count = new WindowCount(60);
        var peak = 0L;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var reserve = 1 + (i % 7);
            if (count.TryTake(reserve, Limit))
            {
                InterlockedMax(ref peak, count.Used);
                count.Add(-reserve + (i % 2)); // settle to 0 or 1 token used
            }
        });

        Assert.True(peak <= Limit, $"peak {peak}");
        Assert.InRange(count.Used, 0, Limit);
    }

    [Fact]
    public void AReservationLargerThanWhatRemains_TakesNothing()
    {
        var count = new WindowCount(60);
        Assert.True(count.TryTake(70, 100));

        Assert.False(count.TryTake(31, 100));
        Assert.True(count.TryTake(30, 100));
        Assert.Equal(100, count.Used);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
