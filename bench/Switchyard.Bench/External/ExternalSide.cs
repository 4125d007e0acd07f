namespace Switchyard.Bench.External;

/// <summary>
/// One path in one round: what the client saw (latency in µs; NaN where the client does not
/// report that percentile) and the CPU each party spent over the round's wall time, in cores and
/// per answered request in µs. The proxy is Switchyard or nginx (none on the direct path).
/// </summary>
public sealed record ExternalSide(
    double Rps, double P50, double P90, double P99, double P999, double Max, long Errors, double SendLagP99,
    double ProxyCores, double ProxyMicrosPerRequest, double StandInCores, double StandInMicrosPerRequest,
    double ClientCores, double ForeignCores);
