using System.Collections.Concurrent;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// The counts of every rate limit of every endpoint in this server process, on the server's
/// <see cref="TimeProvider"/>: fixed windows aligned to the UTC clock, one <see cref="WindowCount"/>
/// per endpoint, rule identity (<see cref="LimitTerm.Identity"/>), subject and window start. Counts
/// of windows that have ended are dropped (swept at most once a minute, by whichever query first
/// sees the new minute), so memory holds only live windows.
/// <para>
/// Why not <c>System.Threading.RateLimiting</c>: it was evaluated for this and does not fit.
/// (1) Its windowed limiters read <c>Stopwatch</c> and replenish on their own timer: they take no
/// <see cref="TimeProvider"/> (dotnet/runtime#106447 is still open), so they cannot run on a fake
/// clock in tests. (2) A window starts when its limiter is created, not on the UTC minute, hour or
/// day, so replicas and restarts disagree on windows and <c>x-ratelimit-reset</c> is not the time
/// to a window everyone can name. (3) A lease cannot give back permits: the fixed-window and token
/// bucket limiters keep what was acquired, so a token reservation could not be settled to what
/// the answer really used. (4) A query must pass every applicable rule or none; the partitioned
/// limiter acquires per partition with no all-or-nothing across several. What is needed is one
/// 64-bit count per window with a compare-and-swap admit, which is what this is.
/// </para>
/// </summary>
public sealed class RateLimitCounters(TimeProvider time)
{
    private readonly ConcurrentDictionary<CounterKey, WindowCount> _counts = new();
    private long _sweptMinute;

    /// <summary>How many window counts are held (for tests: stale windows are dropped).</summary>
    public int Held => _counts.Count;

    /// <summary>Now, in UTC Unix milliseconds, by the server's clock.</summary>
    public long NowMilliseconds => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Admits a query against every limit in <paramref name="applied"/>: one call each calls term,
    /// <paramref name="tokens"/> each tokens term (none when 0: the entity counts no tokens). All or
    /// nothing: when one refuses, what the others took is given back, and the refusal names it.
    /// </summary>
    public Admission Admit(string endpoint, List<AppliedLimit> applied, long tokens)
    {
        var nowMs = NowMilliseconds;
        var now = nowMs / 1000;
        SweepEndedWindows(now);
        var admission = new Admission(nowMs);
        foreach (var limit in applied)
        {
            var term = limit.Term;
            var amount = term.Measure == LimitMeasure.Calls ? 1 : tokens;
            if (amount == 0)
            {
                continue;
            }

            var count = CountFor(endpoint, limit, now);
            if (!count.TryTake(amount, term.Amount))
            {
                admission.Refuse(limit, count, amount);
                return admission;
            }

            admission.Took(limit, count, amount);
        }

        return admission;
    }

    private WindowCount CountFor(string endpoint, AppliedLimit limit, long now)
    {
        var start = limit.Term.Window.StartOf(now);
        return _counts.GetOrAdd(new CounterKey(endpoint, limit.Term.Identity, limit.Subject, start),
            static (key, window) => new WindowCount(window.EndOf(key.WindowStart)), limit.Term.Window);
    }

    private void SweepEndedWindows(long now)
    {
        var minute = now / 60;
        var swept = Volatile.Read(ref _sweptMinute);
        if (minute <= swept || Interlocked.CompareExchange(ref _sweptMinute, minute, swept) != swept)
        {
            return;
        }

        foreach (var entry in _counts)
        {
            if (entry.Value.WindowEnd <= now)
            {
                _counts.TryRemove(entry);
            }
        }
    }

    private readonly record struct CounterKey(string Endpoint, string Rule, string Subject, long WindowStart);
}
