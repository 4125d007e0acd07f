namespace Switchyard.Core.Experiments;

/// <summary>
/// One outcome a caller reported for a query (<c>POST /serving-endpoints/{name}/feedback</c>):
/// <paramref name="Metric"/> took <paramref name="Value"/> for the query answered with
/// <paramref name="RequestId"/> (its <c>x-request-id</c>). A later value for the same query and metric replaces it.
/// </summary>
public sealed record FeedbackRecord(string EndpointName, string RequestId, string Metric, double Value, DateTimeOffset Time, string Requester);
