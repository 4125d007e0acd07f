using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Limits;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>The limiter on a fake clock: windows on the UTC clock, all-or-nothing admits, settling, and ended windows dropped.</summary>
public sealed class RateLimitCountersTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-03-10T12:34:20Z", CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(LimitWindow.Minute, 40)]
    [InlineData(LimitWindow.Hour, (25 * 60) + 40)]
    [InlineData(LimitWindow.Day, (11 * 3600) + (25 * 60) + 40)]
    public void AWindow_EndsOnTheUtcClock(LimitWindow window, int secondsLeft)
    {
        var counters = new RateLimitCounters(_clock);
        var admission = counters.Admit("e", [Limit(LimitMeasure.Calls, 5, window)], 0);

        Assert.Equal(secondsLeft, admission.Tightest()!.Value.ResetSeconds);
        Assert.Equal(4, admission.Tightest()!.Value.Remaining);
    }

    [Fact]
    public void ARefusal_GivesBackWhatTheOtherLimitsTook()
    {
        var counters = new RateLimitCounters(_clock);
        var calls = Limit(LimitMeasure.Calls, 10);
        var tokens = Limit(LimitMeasure.Tokens, 100);

        var refused = counters.Admit("e", [calls, tokens], 101);

        Assert.Equal(tokens, refused.Refusal!.Value.Limit);
        // The refused query's call was given back: this one is the first of the 10.
        Assert.Equal(9, counters.Admit("e", [calls], 0).Tightest()!.Value.Remaining);
    }

    [Fact]
    public void Settling_GivesBackTheUnusedReservation_InTheWindowItWasTaken()
    {
        var counters = new RateLimitCounters(_clock);
        var tokens = Limit(LimitMeasure.Tokens, 100);
        var admission = counters.Admit("e", [tokens], 60);

        Assert.NotNull(counters.Admit("e", [tokens], 41).Refusal);
        admission.Settle(60, 15);

        Assert.Equal(85 - 40, counters.Admit("e", [tokens], 40).Tightest()!.Value.Remaining);
    }

    [Fact]
    public void TheNextWindow_StartsFromNothing_AndEndedWindowsAreDropped()
    {
        var counters = new RateLimitCounters(_clock);
        var calls = Limit(LimitMeasure.Calls, 1);
        Assert.Null(counters.Admit("e", [calls], 0).Refusal);
        Assert.NotNull(counters.Admit("e", [calls], 0).Refusal);
        Assert.Equal(1, counters.Held);

        _clock.Advance(TimeSpan.FromSeconds(40));

        Assert.Null(counters.Admit("e", [calls], 0).Refusal);
        Assert.Equal(1, counters.Held);
    }

    [Fact]
    public void CountsAreKeptPerEndpointAndSubject()
    {
        var counters = new RateLimitCounters(_clock);
        var term = new LimitTerm("ai_gateway.rate_limits[0]", LimitKey.User, null, LimitMeasure.Calls, LimitWindow.Minute, 1);

        Assert.Null(counters.Admit("e", [new AppliedLimit(term, "alice")], 0).Refusal);
        Assert.Null(counters.Admit("e", [new AppliedLimit(term, "bob")], 0).Refusal);
        Assert.Null(counters.Admit("f", [new AppliedLimit(term, "alice")], 0).Refusal);
        Assert.NotNull(counters.Admit("e", [new AppliedLimit(term, "alice")], 0).Refusal);
    }

    private static AppliedLimit Limit(LimitMeasure measure, long amount, LimitWindow window = LimitWindow.Minute) =>
        new(new LimitTerm("ai_gateway.rate_limits[0]", LimitKey.Endpoint, null, measure, window, amount), "");
}
