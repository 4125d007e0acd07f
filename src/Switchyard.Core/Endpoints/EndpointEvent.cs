namespace Switchyard.Core.Endpoints;

/// <summary>
/// One entry of an endpoint's timeline: what happened, when (epoch milliseconds) and, where it
/// applies, to which config version and served entity, and who did it. <see cref="Message"/> is a
/// sentence for people; it never carries a secret (an external model is named by provider and
/// model, never by its key or key reference).
/// </summary>
/// <param name="EndpointId">The endpoint's id, not its name: a later endpoint of the same name starts a timeline of its own.</param>
public sealed record EndpointEvent(
    string EndpointId,
    long Timestamp,
    EndpointEventType Type,
    string Message,
    long? ConfigVersion = null,
    string? ServedEntityName = null,
    string? Actor = null);

/// <summary>The kinds of <see cref="EndpointEvent"/>; their wire spellings are <see cref="EndpointEventTypeNames"/>.</summary>
public enum EndpointEventType
{
    EndpointCreated,
    ConfigVersionCreated,
    StateChanged,
    UpdateFailed,
    ScaledToZero,
    Woken,
    WakeFailed,
    PermissionsChanged,
    TagsChanged,
    AiGatewayChanged,

    /// <summary>A progressive rollout started, judged its gates, moved a step, paused, finished, rolled back or was aborted.</summary>
    RolloutDecision,
}

/// <summary>The wire spelling of each <see cref="EndpointEventType"/>, as the events route answers and the store keeps it.</summary>
public static class EndpointEventTypeNames
{
    public static string ToWire(this EndpointEventType type) => type switch
    {
        EndpointEventType.EndpointCreated => "ENDPOINT_CREATED",
        EndpointEventType.ConfigVersionCreated => "CONFIG_VERSION_CREATED",
        EndpointEventType.StateChanged => "STATE_CHANGED",
        EndpointEventType.UpdateFailed => "UPDATE_FAILED",
        EndpointEventType.ScaledToZero => "SCALED_TO_ZERO",
        EndpointEventType.Woken => "WOKEN",
        EndpointEventType.WakeFailed => "WAKE_FAILED",
        EndpointEventType.PermissionsChanged => "PERMISSIONS_CHANGED",
        EndpointEventType.TagsChanged => "TAGS_CHANGED",
        EndpointEventType.RolloutDecision => "ROLLOUT_DECISION",
        _ => "AI_GATEWAY_CHANGED",
    };

    /// <summary>The type a stored spelling names; false for one this build does not know (written by a newer one).</summary>
    public static bool TryParse(string text, out EndpointEventType type)
    {
        foreach (var candidate in Enum.GetValues<EndpointEventType>())
        {
            if (candidate.ToWire() == text)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
