namespace Switchyard.Core.Endpoints;

/// <summary>
/// One of <c>traffic_config.segments</c> (ours): the requests its <see cref="Match"/> selects take
/// its own split (<see cref="Routes"/>) instead of the endpoint's default routes. Segments are
/// tried in order and the first that matches wins; unmatched traffic takes the default routes.
/// </summary>
public sealed record TrafficSegment(string Name, SegmentMatch Match, IReadOnlyList<TrafficRoute> Routes);

/// <summary>
/// What a segment selects: requests whose <see cref="Header"/> has one of <see cref="Values"/>
/// (exactly, case-sensitive), or whose caller is a member of <see cref="Group"/>. One or the other.
/// </summary>
public sealed record SegmentMatch(string? Header, IReadOnlyList<string>? Values, string? Group)
{
    /// <param name="headerValue">The request's value of <see cref="Header"/> (null when it has none, or the match is on a group).</param>
    public bool Matches(string? headerValue, IReadOnlySet<string> callerGroups)
    {
        if (Group is not null)
        {
            return callerGroups.Contains(Group);
        }

        if (headerValue is null || Values is null)
        {
            return false;
        }

        foreach (var value in Values)
        {
            if (string.Equals(value, headerValue, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
