using Switchyard.Core.Endpoints;

namespace Switchyard.Llama.Engine;

/// <summary>
/// The provisioned band as a token bucket on a <see cref="TimeProvider"/>: it refills at the band's
/// max while the engine has work, and once idle the rate falls exponentially toward the band's min
/// (so a quiet entity holds less in reserve). Every step waits until the bucket holds the tokens
/// the step may produce, then pays for those it did produce: generated tokens over any span of
/// time never exceed what the rate refilled plus the bucket's small capacity. Throttling is
/// waiting, never an error. Only completion tokens are counted (prompts are not charged).
/// Used by the engine's loop alone, so it needs no locking; <see cref="CurrentRate"/> is read by metrics.
/// </summary>
internal sealed class ThroughputGovernor
{
    private readonly ThroughputBand? _band;
    private readonly TimeProvider _time;
    private readonly double _tau;
    private readonly double _capacity;
    private double _tokens;
    private long _last;
    private bool _busy = true;
    private long _idleSince;
    private double _currentRate;

    public ThroughputGovernor(ThroughputBand? band, TimeProvider time, int tokensPerStep, TimeSpan idleScaleDown)
    {
        _band = band;
        _time = time;
        _tau = Math.Max(idleScaleDown.TotalSeconds, 0.001);
        // A quarter second of the max rate, and never less than one full step.
        _capacity = band is null ? 0 : Math.Max(tokensPerStep, band.MaxTokensPerSecond / 4.0);
        _last = time.GetTimestamp();
        _currentRate = band?.MaxTokensPerSecond ?? 0;
    }

    /// <summary>The most tokens one step may ask for.</summary>
    public int MaxStep => _band is null ? int.MaxValue : (int)_capacity;

    /// <summary>The provisioned rate now, in tokens per second (0 when there is no band). Safe from any thread.</summary>
    public double CurrentRate => _band is null ? 0 : Volatile.Read(ref _busy) ? _band.MaxTokensPerSecond : RateAt(_time.GetTimestamp());

    /// <summary>Marks the engine busy (rate = max) or idle (rate decays toward min from now on).</summary>
    public void SetBusy(bool busy)
    {
        if (_band is null || busy == _busy)
        {
            return;
        }

        Refill();
        if (!busy)
        {
            Volatile.Write(ref _idleSince, _last);
        }

        Volatile.Write(ref _busy, busy);
        Volatile.Write(ref _currentRate, RateAt(_last));
    }

    /// <summary>How long to wait before the bucket holds <paramref name="tokens"/>; zero when it does.</summary>
    public TimeSpan DelayFor(int tokens)
    {
        if (_band is null)
        {
            return TimeSpan.Zero;
        }

        Refill();
        var needed = Math.Min(tokens, _capacity);
        if (_tokens >= needed)
        {
            return TimeSpan.Zero;
        }

        var rate = Math.Max(_currentRate, 1e-9);
        // Round up to whole milliseconds so a woken step really finds the tokens there.
        var ms = Math.Ceiling((needed - _tokens) / rate * 1000.0);
        return TimeSpan.FromMilliseconds(Math.Max(ms, 1));
    }

    /// <summary>Pays for the tokens a step produced.</summary>
    public void Consume(int tokens)
    {
        if (_band is not null)
        {
            _tokens -= tokens;
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var from = _time.GetElapsedTime(0, _last).TotalSeconds;
        var to = _time.GetElapsedTime(0, now).TotalSeconds;
        _tokens = Math.Min(_capacity, _tokens + Integral(from, to));
        _last = now;
        Volatile.Write(ref _currentRate, RateAt(now));
    }

    private double RateAt(long timestamp)
    {
        var band = _band!;
        if (_busy)
        {
            return band.MaxTokensPerSecond;
        }

        var idle = Math.Max(0, _time.GetElapsedTime(Volatile.Read(ref _idleSince), timestamp).TotalSeconds);
        return band.MinTokensPerSecond + ((band.MaxTokensPerSecond - band.MinTokensPerSecond) * Math.Exp(-idle / _tau));
    }

    // Tokens the rate adds between two instants (seconds on the provider's clock).
    private double Integral(double from, double to)
    {
        if (to <= from)
        {
            return 0;
        }

        var band = _band!;
        if (_busy)
        {
            return band.MaxTokensPerSecond * (to - from);
        }

        var origin = _time.GetElapsedTime(0, _idleSince).TotalSeconds;
        var span = band.MaxTokensPerSecond - band.MinTokensPerSecond;
        return (band.MinTokensPerSecond * (to - from))
            + (span * _tau * (Math.Exp(-(from - origin) / _tau) - Math.Exp(-(to - origin) / _tau)));
    }
}
