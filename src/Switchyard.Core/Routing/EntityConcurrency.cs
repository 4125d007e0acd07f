using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Routing;

/// <summary>
/// How many requests one served entity runs at once and how many may wait: custom models by
/// max_provisioned_concurrency when given, otherwise by workload size, external models wide open (the provider does the work; requests only wait on
/// the network), foundation models by the engine's parallel sequences.
/// </summary>
public static class EntityConcurrency
{
    /// <summary>In-flight requests per external-model entity: I/O-bound, so far more than cores.</summary>
    public const int ExternalModelSlots = 512;

    /// <summary>Parallel sequences of a foundation-model entity (continuous batching slots).</summary>
    public const int FoundationModelSlots = 8;

    public static (int Slots, int QueueLimit) Of(ServedEntityConfig config, int queueDepthPerSlot)
    {
        var slots = config.Kind switch
        {
            ServedEntityKind.ExternalModel => ExternalModelSlots,
            ServedEntityKind.ProvisionedThroughput => FoundationModelSlots,
            _ when config.Concurrency is { } range => range.Max,
            _ => WorkloadSize.TryGetConcurrency(config.WorkloadSize, out var workload) ? workload : 4,
        };
        return (slots, slots * queueDepthPerSlot);
    }
}
