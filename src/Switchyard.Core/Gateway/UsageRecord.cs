namespace Switchyard.Core.Gateway;

/// <summary>
/// One row of an endpoint's usage log (<c>usage_tracking_config</c>), the columns of Databricks'
/// <c>system.serving.endpoint_usage</c> plus the latency and time to first byte of its newer
/// <c>system.ai_gateway.usage</c>. Token counts are null for entities that count none (custom models).
/// </summary>
/// <param name="DatabricksRequestId">The server's id of the request (the answer's <c>x-request-id</c>).</param>
/// <param name="ClientRequestId">The body's <c>client_request_id</c>, when sent.</param>
/// <param name="Requester">The caller's name (user name, or a service principal's application id).</param>
/// <param name="ServedEntityId">See <see cref="ServedEntityId"/>; joins <see cref="ServedEntityRecord"/>.</param>
/// <param name="UsageContext">The body's <c>usage_context</c> map, when sent.</param>
public sealed record UsageRecord(
    string DatabricksRequestId,
    string? ClientRequestId,
    DateTimeOffset RequestTime,
    int StatusCode,
    string Requester,
    string EndpointName,
    string ServedEntityId,
    string ServedEntityName,
    int? InputTokenCount,
    int? OutputTokenCount,
    bool RequestStreaming,
    IReadOnlyDictionary<string, string>? UsageContext,
    double LatencyMs,
    double? TimeToFirstByteMs)
{
    /// <summary>
    /// The endpoint config version whose routing answered the query (ours, for the experiment
    /// readout); null in rows written before it was kept.
    /// </summary>
    public long? ConfigVersion { get; init; }

    /// <summary>
    /// The sticky unit key that chose the entity, hashed (<see cref="Experiments.UnitKeyHash"/>; ours);
    /// null when no unit key chose (not sticky, pinned, or no key sent): the query is then its own unit.
    /// </summary>
    public string? UnitKey { get; init; }
}

/// <summary>
/// The <c>served_entities</c> companion of the usage log (as <c>system.serving.served_entities</c>):
/// what a <see cref="UsageRecord.ServedEntityId"/> stood for.
/// </summary>
/// <param name="EntityName">The registered model or external model the entity serves.</param>
/// <param name="EntityVersion">Its registry version; null for external models.</param>
public sealed record ServedEntityRecord(
    string ServedEntityId,
    string EndpointName,
    string ServedEntityName,
    string EntityName,
    string? EntityVersion,
    long EndpointConfigVersion,
    DateTimeOffset ChangeTime);

/// <summary>Where usage rows go. Appending never blocks the query; the log writes in the background.</summary>
public interface IUsageLog
{
    void Append(UsageRecord record, ServedEntityRecord entity);
}
