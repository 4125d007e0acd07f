namespace Switchyard.Core.Experiments;

/// <summary>
/// What the readout needs of one usage-log row: the arm that answered, the config version that
/// routed it, its unit (the hashed sticky key; null when it had none, so the query is its own
/// unit), whether it failed, how long it took and the tokens it used.
/// </summary>
public sealed record CapturedQuery(
    string RequestId,
    string ServedEntityName,
    long ConfigVersion,
    string? UnitKey,
    int StatusCode,
    double LatencyMs,
    int? InputTokens,
    int? OutputTokens)
{
    /// <summary>The unit the query counts for: its unit key, else the query itself.</summary>
    public string Unit => UnitKey ?? "request:" + RequestId;
}

/// <summary>A feedback value joined to the captured query it was given for.</summary>
public sealed record QueryFeedback(string RequestId, string Metric, double Value);

/// <summary>The captured queries of a window (those with a config version, oldest first) and the feedback given for them.</summary>
public sealed record ExperimentCapture(IReadOnlyList<CapturedQuery> Queries, IReadOnlyList<QueryFeedback> Feedback);
