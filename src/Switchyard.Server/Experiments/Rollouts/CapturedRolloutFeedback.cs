using Switchyard.Core.Experiments;

namespace Switchyard.Server.Experiments.Rollouts;

/// <summary>
/// What a <c>feedback:&lt;name&gt;</c> gate reads: the feedback given for the queries the entities
/// answered since the step began, joined through the usage log's rows (so the endpoint needs
/// <c>ai_gateway.usage_tracking_config</c>: without it the gate has no samples and is
/// inconclusive), one value per unit as the experiment report analyses it.
/// </summary>
public sealed class CapturedRolloutFeedback(IExperimentStore store) : IRolloutFeedback
{
    public async Task<SampleSummary> SummarizeAsync(
        string endpointName, IReadOnlyCollection<string> servedEntities, string metric, long sinceMs, CancellationToken ct)
    {
        var capture = await store.ReadAsync(endpointName, DateTimeOffset.FromUnixTimeMilliseconds(sinceMs), DateTimeOffset.MaxValue, ct);
        var feedback = ExperimentAnalysis.ByRequest(capture.Feedback.Where(f => f.Metric == metric));
        var units = ExperimentAnalysis.UnitValues(capture.Queries.Where(q => servedEntities.Contains(q.ServedEntityName)), feedback);
        return units.TryGetValue(metric, out var values) ? SampleSummary.Of(values) : new SampleSummary(0, 0, 0);
    }
}
