namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// What one subject used of one term in one window, as an admitted query holds it: in this process
/// (<see cref="WindowCount"/>), or in Redis across replicas (<see cref="GlobalRateLimits"/>).
/// </summary>
public interface ILimitCount
{
    /// <summary>The window's end, in UTC Unix seconds.</summary>
    long WindowEnd { get; }

    /// <summary>The count as last seen (in Redis: right after this query took its share).</summary>
    long Used { get; }

    /// <summary>Adds <paramref name="amount"/> whatever the limit (negative: gives back part of a reservation).</summary>
    void Add(long amount);
}
