using System.Globalization;

namespace Switchyard.Bench.Reporting;

/// <summary>What one side achieved in one round: throughput and latency percentiles.</summary>
public readonly record struct LoadResult(double RequestsPerSecond, double P50Micros, double P99Micros, long Errors)
{
    /// <summary>One line on the worker's stdout; the orchestrator parses it back.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"RESULT {RequestsPerSecond:F1} {P50Micros:F1} {P99Micros:F1} {Errors}");

    public static LoadResult ParseLine(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 5 || parts[0] != "RESULT")
        {
            throw new FormatException($"not a result line: {line}");
        }

        return new LoadResult(
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture),
            long.Parse(parts[4], CultureInfo.InvariantCulture));
    }
}
