using Switchyard.Core.Experiments;
using Switchyard.Server.Experiments;
using Switchyard.Server.Experiments.Replays;
using Switchyard.Server.Gateway.Usage;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// What a deleted endpoint leaves in other stores, deleted after it: its replays (running ones
/// stopped first), its usage rows and feedback (they name its callers, and nothing reads them once
/// it is gone), its output pairs and its shadows' counts. A later endpoint of the same name starts
/// with none of them.
/// </summary>
public sealed class EndpointRemains(
    ReplayJobs replays, UsageLog usage, IExperimentStore experiments, OutputPairLog pairs, ShadowCounters shadows)
{
    /// <param name="endpointId">The deleted endpoint's id (replays are keyed by it); null when it was already gone.</param>
    public async Task ForgetAsync(string name, string? endpointId, CancellationToken ct)
    {
        if (endpointId is not null)
        {
            await replays.ForgetEndpointAsync(endpointId, ct);
        }

        await usage.ForgetEndpointAsync(name, ct);
        await experiments.DeleteEndpointAsync(name, ct);
        await pairs.ForgetEndpointAsync(name, ct);
        shadows.Forget(name);
    }
}
