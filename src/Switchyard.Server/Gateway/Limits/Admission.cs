namespace Switchyard.Server.Gateway.Limits;

/// <summary>Where one limit stands for a query: what is left of it and when its window ends.</summary>
public readonly record struct LimitStanding(AppliedLimit Limit, long Remaining, int ResetSeconds);

/// <summary>Why a query was refused: the limit, what it had used, what the query asked, and when its window ends.</summary>
public readonly record struct RateRefusal(AppliedLimit Limit, long Used, long Asked, int RetryAfterSeconds)
{
    public long Remaining => Math.Max(0, Limit.Term.Amount - Used);
}

/// <summary>
/// The outcome of <see cref="RateLimits.AdmitAsync"/> for one query: refused (naming the limit),
/// or admitted with what it took of each count, so the tokens it reserved are settled to what the
/// answer used once it is written.
/// </summary>
public sealed class Admission
{
    private readonly List<(AppliedLimit Limit, ILimitCount Count, long Amount)> _taken = [];

    internal Admission(long nowMilliseconds) => NowMilliseconds = nowMilliseconds;

    /// <summary>When the query was admitted or refused, in UTC Unix milliseconds.</summary>
    public long NowMilliseconds { get; }

    /// <summary>The limit that refused the query; null when it was admitted.</summary>
    public RateRefusal? Refusal { get; private set; }

    /// <summary>
    /// The applicable limit closest to refusing (the least share of it left; on a tie the window
    /// ending first), whose figures the answer's <c>x-ratelimit-*</c> headers give; null when none
    /// counted anything.
    /// </summary>
    public LimitStanding? Tightest()
    {
        LimitStanding? tightest = null;
        var least = double.MaxValue;
        foreach (var (limit, count, _) in _taken)
        {
            var amount = limit.Term.Amount;
            var remaining = Math.Max(0, amount - count.Used);
            var share = (double)remaining / amount;
            var reset = LimitWindows.SecondsUntil(count.WindowEnd, NowMilliseconds);
            if (share < least || (share == least && reset < tightest!.Value.ResetSeconds))
            {
                least = share;
                tightest = new LimitStanding(limit, remaining, reset);
            }
        }

        return tightest;
    }

    /// <summary>
    /// Settles the tokens reserved up front to what the answer used: the difference is given back
    /// (or, when the answer used more, added) in the windows the query was admitted in. 0 used
    /// (no usage: refused or failed before the model ran) releases the whole reservation.
    /// </summary>
    public void Settle(long reservedTokens, long usedTokens)
    {
        foreach (var (limit, count, _) in _taken)
        {
            if (limit.Term.Measure == LimitMeasure.Tokens && usedTokens != reservedTokens)
            {
                count.Add(usedTokens - reservedTokens);
            }
        }
    }

    internal void Took(AppliedLimit limit, ILimitCount count, long amount) => _taken.Add((limit, count, amount));

    /// <summary>Records the refusal and gives back what the limits admitted before it took.</summary>
    internal void Refuse(AppliedLimit limit, ILimitCount count, long asked)
    {
        foreach (var (_, taken, amount) in _taken)
        {
            taken.Add(-amount);
        }

        _taken.Clear();
        Refusal = new RateRefusal(limit, count.Used, asked, LimitWindows.SecondsUntil(count.WindowEnd, NowMilliseconds));
    }
}
