namespace Switchyard.Bench.Reporting;

/// <summary>
/// One side of one round: what the client saw, and the CPU the serving process spent (its CPU
/// seconds over the round's wall time, in cores, and per request in µs), and the cores the load
/// generator used (zero for the raw loop, which has none), and the cores other work on the
/// machine took meanwhile; the bytes the serving process allocated per request (NaN where not read).
/// </summary>
public readonly record struct SideRound(
    LoadResult Load, double ServerCores, double ServerCpuMicrosPerRequest, double ClientCores, double ForeignCores, double BytesPerRequest = double.NaN);
