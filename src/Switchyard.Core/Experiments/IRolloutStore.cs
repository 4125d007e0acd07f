using System.Text.Json.Nodes;

namespace Switchyard.Core.Experiments;

/// <summary>
/// Each endpoint's latest progressive rollout, kept as its document (plan, state, decisions), so
/// a restart finds it. Keyed by the endpoint's id: a later endpoint of the same name has none.
/// </summary>
public interface IRolloutStore
{
    Task SaveAsync(string endpointId, JsonObject rollout, CancellationToken ct);

    /// <summary>Every endpoint's latest rollout, by endpoint id.</summary>
    Task<IReadOnlyDictionary<string, JsonObject>> ReadAllAsync(CancellationToken ct);

    Task DeleteAsync(string endpointId, CancellationToken ct);
}
