using System.Text.Json.Serialization;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Usage;

/// <summary>The usage route's answer: one page of rows, the served entities they name, and the range's totals.</summary>
internal sealed record UsageAnswer(
    IReadOnlyList<UsageRow> Usage,
    IReadOnlyList<ServedEntityRow> ServedEntities,
    IReadOnlyList<UsageTotal> Totals,
    string? NextPageToken);

/// <summary>A <see cref="UsageRecord"/> on the wire: times in epoch milliseconds, the endpoint left out (the route names it).</summary>
internal sealed record UsageRow(
    string DatabricksRequestId,
    string? ClientRequestId,
    long RequestTime,
    int StatusCode,
    string Requester,
    string ServedEntityId,
    string ServedEntityName,
    int? InputTokenCount,
    int? OutputTokenCount,
    bool RequestStreaming,
    IReadOnlyDictionary<string, string>? UsageContext,
    double LatencyMs,
    double? TimeToFirstByteMs)
{
    public static UsageRow Of(UsageRecord record) => new(
        record.DatabricksRequestId, record.ClientRequestId, record.RequestTime.ToUnixTimeMilliseconds(), record.StatusCode,
        record.Requester, record.ServedEntityId, record.ServedEntityName, record.InputTokenCount, record.OutputTokenCount,
        record.RequestStreaming, record.UsageContext, record.LatencyMs, record.TimeToFirstByteMs);
}

/// <summary>A <see cref="ServedEntityRecord"/> on the wire, its change time in epoch milliseconds.</summary>
internal sealed record ServedEntityRow(
    string ServedEntityId,
    string EndpointName,
    string ServedEntityName,
    string EntityName,
    string? EntityVersion,
    long EndpointConfigVersion,
    long ChangeTime)
{
    public static ServedEntityRow Of(ServedEntityRecord record) => new(
        record.ServedEntityId, record.EndpointName, record.ServedEntityName, record.EntityName, record.EntityVersion,
        record.EndpointConfigVersion, record.ChangeTime.ToUnixTimeMilliseconds());
}

/// <summary>Source-generated JSON for the usage route (snake_case, absent values left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsageAnswer))]
internal sealed partial class UsageJsonContext : JsonSerializerContext;
