using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// The window a limit counts in: a rate limit's <c>minute</c>, <c>hour</c> or <c>day</c>, a
/// budget's <c>day</c> or <c>month</c>. Windows are fixed and aligned to the UTC clock (a minute
/// window runs from :00 to :00, a day from midnight UTC, a month from the 1st), so every replica
/// and every restart agrees on where one ends, and <c>x-ratelimit-reset</c> is simply the time to
/// that end.
/// </summary>
public enum LimitWindow
{
    Minute,
    Hour,
    Day,
    Month,
}

/// <summary>Where a <see cref="LimitWindow"/> starts and ends, in UTC Unix seconds.</summary>
public static class LimitWindows
{
    public static LimitWindow Of(RenewalPeriod period) => period switch
    {
        RenewalPeriod.Minute => LimitWindow.Minute,
        RenewalPeriod.Hour => LimitWindow.Hour,
        _ => LimitWindow.Day,
    };

    public static LimitWindow Of(BudgetPeriod period) => period == BudgetPeriod.Month ? LimitWindow.Month : LimitWindow.Day;

    /// <summary>The start of the window holding <paramref name="nowSeconds"/>.</summary>
    public static long StartOf(this LimitWindow window, long nowSeconds)
    {
        if (window == LimitWindow.Month)
        {
            var now = DateTimeOffset.FromUnixTimeSeconds(nowSeconds);
            return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        }

        var length = window.FixedLength();
        return nowSeconds - (((nowSeconds % length) + length) % length);
    }

    /// <summary>The end of the window that starts at <paramref name="startSeconds"/> (the next one's start).</summary>
    public static long EndOf(this LimitWindow window, long startSeconds) => window == LimitWindow.Month
        ? DateTimeOffset.FromUnixTimeSeconds(startSeconds).AddMonths(1).ToUnixTimeSeconds()
        : startSeconds + window.FixedLength();

    /// <summary>Whole seconds from <paramref name="nowMilliseconds"/> to <paramref name="endSeconds"/>, at least 1 (what Retry-After and x-ratelimit-reset say).</summary>
    public static int SecondsUntil(long endSeconds, long nowMilliseconds) =>
        (int)Math.Max(1, ((endSeconds * 1000) - nowMilliseconds + 999) / 1000);

    /// <summary>The window's name as the API writes it: <c>minute</c>, <c>hour</c>, <c>day</c>, <c>month</c>.</summary>
    public static string ToWire(this LimitWindow window) => window switch
    {
        LimitWindow.Minute => "minute",
        LimitWindow.Hour => "hour",
        LimitWindow.Day => "day",
        _ => "month",
    };

    private static long FixedLength(this LimitWindow window) => window switch
    {
        LimitWindow.Minute => 60,
        LimitWindow.Hour => 3600,
        _ => 86400,
    };
}
