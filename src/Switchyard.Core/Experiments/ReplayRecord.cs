namespace Switchyard.Core.Experiments;

/// <summary>
/// A replay job as kept: what was asked (<see cref="Spec"/>, the request's fields as JSON), where
/// it stands (<see cref="State"/>: RUNNING, SUCCEEDED, FAILED or CANCELLED, with counts) and, once
/// it ended, its <see cref="Report"/> (JSON). Keyed by the endpoint's id, so a later endpoint of
/// the same name never shows an earlier one's replays.
/// </summary>
public sealed record ReplayRecord(
    string ReplayId,
    string EndpointId,
    string EndpointName,
    string State,
    string Spec,
    long Total,
    long Sent,
    long Completed,
    long Failed,
    long CreatedMs,
    long? FinishedMs,
    string? Message,
    string? Report);

/// <summary>Where replay jobs are kept (<c>replays</c>).</summary>
public interface IReplayStore
{
    /// <summary>Inserts or replaces the record of <see cref="ReplayRecord.ReplayId"/>.</summary>
    Task SaveAsync(ReplayRecord replay, CancellationToken ct);

    Task<ReplayRecord?> FindAsync(string endpointId, string replayId, CancellationToken ct);

    /// <summary>The endpoint's replays, newest first, at most <paramref name="maxResults"/>.</summary>
    Task<IReadOnlyList<ReplayRecord>> ListAsync(string endpointId, int maxResults, CancellationToken ct);

    /// <summary>Ends every RUNNING replay as FAILED with <paramref name="message"/>: they ran when the server stopped. Answers how many.</summary>
    Task<int> FailRunningAsync(string message, long finishedMs, CancellationToken ct);

    /// <summary>Deletes every replay of the endpoint (a deleted endpoint's reports show its captured answers).</summary>
    Task DeleteEndpointAsync(string endpointId, CancellationToken ct);
}
