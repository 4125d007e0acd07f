namespace Switchyard.Core.Experiments;

/// <summary>
/// The experiment readout's data: feedback (<c>experiment_feedback</c>) and the usage log's rows
/// (<c>endpoint_usage</c>, written by the usage log) read back for a window.
/// </summary>
public interface IExperimentStore
{
    /// <summary>Records one feedback value; a value for the same endpoint, request and metric replaces the earlier one.</summary>
    Task RecordFeedbackAsync(FeedbackRecord feedback, CancellationToken ct);

    /// <summary>
    /// The endpoint's captured queries with request time in [<paramref name="from"/>, <paramref name="to"/>)
    /// that carry a config version, oldest first, and the feedback given for them.
    /// </summary>
    Task<ExperimentCapture> ReadAsync(string endpointName, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Deletes an endpoint's feedback (it was deleted).</summary>
    Task DeleteEndpointAsync(string endpointName, CancellationToken ct);
}
