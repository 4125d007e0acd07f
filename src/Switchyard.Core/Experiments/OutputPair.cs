namespace Switchyard.Core.Experiments;

/// <summary>
/// One request answered twice: by its baseline (the primary that served it, or a replay's captured
/// answer) and by a candidate (a shadow, or a replay's target). <see cref="Source"/> says which
/// comparison it belongs to: <c>shadow:&lt;served entity name&gt;</c> or <c>replay:&lt;replay id&gt;</c>.
/// </summary>
public sealed record OutputPair(
    string EndpointName,
    string Source,
    string RequestId,
    DateTimeOffset Time,
    long ConfigVersion,
    string BaselineEntity,
    string CandidateEntity,
    int BaselineStatus,
    int CandidateStatus,
    double BaselineLatencyMs,
    double CandidateLatencyMs,
    string BaselineOutput,
    string CandidateOutput);

/// <summary>Where output pairs are kept (<c>output_pairs</c>), per endpoint and source.</summary>
public interface IOutputPairStore
{
    Task AppendAsync(IReadOnlyList<OutputPair> pairs, CancellationToken ct);

    /// <summary>At most <paramref name="maxPairs"/> pairs of one source with Time in [from, to), oldest first.</summary>
    Task<IReadOnlyList<OutputPair>> ReadAsync(string endpointName, string source, DateTimeOffset from, DateTimeOffset to, int maxPairs, CancellationToken ct);

    Task DeleteEndpointAsync(string endpointName, CancellationToken ct);
}
