using System.Globalization;

namespace Switchyard.Bench.Load;

/// <summary>
/// One open-loop round as the generator saw it: what was sent and answered, latency percentiles
/// from each request's intended send time, and how late the scheduler itself sent (its own p99
/// lag, which is inside every latency and the same on both sides of a comparison).
/// </summary>
public readonly record struct OpenLoopResult(
    long Sent, long Errors, double RequestsPerSecond, double P50, double P90, double P99, double P999, double Max, double SendLagP99, int MaxInFlight)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"OPENLOOP {Sent} {Errors} {RequestsPerSecond:F1} {P50:F1} {P90:F1} {P99:F1} {P999:F1} {Max:F1} {SendLagP99:F1} {MaxInFlight}");

    public static OpenLoopResult ParseLine(string line)
    {
        var p = line.Split(' ');
        if (p.Length != 11 || p[0] != "OPENLOOP")
        {
            throw new FormatException($"not an open-loop result line: {line}");
        }

        double D(int i) => double.Parse(p[i], CultureInfo.InvariantCulture);
        return new OpenLoopResult(
            long.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture),
            D(3), D(4), D(5), D(6), D(7), D(8), D(9), int.Parse(p[10], CultureInfo.InvariantCulture));
    }
}
