namespace Switchyard.Core.Experiments;

/// <summary>
/// The feedback a <c>feedback:&lt;name&gt;</c> gate reads: the values of one metric recorded for
/// queries that one or more served entities of an endpoint answered, since a moment.
/// </summary>
public interface IRolloutFeedback
{
    /// <param name="sinceMs">The window's start, epoch milliseconds: feedback on queries answered from then on.</param>
    Task<SampleSummary> SummarizeAsync(
        string endpointName, IReadOnlyCollection<string> servedEntities, string metric, long sinceMs, CancellationToken ct);
}
