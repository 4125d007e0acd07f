namespace Switchyard.Core.Endpoints;

/// <summary>One route of the traffic split: a served entity and its whole-number share of 100.</summary>
public sealed record TrafficRoute(string ServedModelName, int TrafficPercentage);
