using System.Globalization;
using System.Text;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Shadow;

/// <summary>
/// Renders <c>run-shadow</c> as Markdown: the aim and whether it was met, the primary's
/// percentiles with the shadow off and on, what the shadow adds at p50 and p99 (differences taken
/// within a round, reported as the median of rounds with their spread), then every round.
/// </summary>
public static class ShadowReport
{
    /// <summary>Issue 16's aim: what a shadow may add to the primary's p99.</summary>
    public const double AimMicros = 1000;

    /// <param name="idleShadow">When set, why the shadow cannot have done its work (the aim is then not judged).</param>
    public static string Render(string setup, Comparison latency, double foreignLimit, string? idleShadow)
    {
        var text = new StringBuilder();
        text.AppendLine(setup).AppendLine();

        var addedP99 = Differences(latency, static s => s.Load.P99Micros);
        var disturbed = Enumerable.Range(0, latency.Rounds).Count(i => Math.Max(latency.All[i].A.ForeignCores, latency.All[i].B.ForeignCores) > foreignLimit);
        var verdict = idleShadow is not null ? "not judged: " + idleShadow
            : latency.Errors > 0 ? F($"not judged: {latency.Errors} non-2xx answers or socket errors (see the errors column)")
            : disturbed > 0 ? F($"not judged: other work took over {foreignLimit:F2} cores in {disturbed} of the {latency.Rounds} rounds kept")
            : Comparison.Median(addedP99) <= AimMicros ? "**met**" : "**not met**";
        text.AppendLine(F($"Aim: the shadow adds ≤ {AimMicros / 1000:F0} ms at p99 ({latency.SideA} − {latency.SideB}, {latency.Title}, median of rounds): {verdict} — median {Comparison.Median(addedP99):F0} µs, spread {addedP99.Min():F0}–{addedP99.Max():F0} µs over {latency.Rounds} rounds.")).AppendLine();

        text.AppendLine(F($"{latency.Title}: the primary's latency from each request's intended send time (medians of the rounds).")).AppendLine();
        text.AppendLine("| endpoint | req/s | p50 | p99 | server: cores | server CPU µs / req | generator: cores | other work: cores | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row(text, latency.SideB, latency.MedianB());
        Row(text, latency.SideA, latency.MedianA());
        text.AppendLine();
        Added(text, latency, "p50", static s => s.Load.P50Micros);
        Added(text, latency, "p99", static s => s.Load.P99Micros);
        Added(text, latency, "server CPU µs / req (the shadow's own calls included)", static s => s.ServerCpuMicrosPerRequest);

        text.AppendLine().AppendLine(F($"Per round ({latency.SideB} then {latency.SideA} on odd rounds, the other way on even ones; req/s, p50/p99 in µs, server CPU µs / req, other work in cores):")).AppendLine();
        for (var i = 0; i < latency.Rounds; i++)
        {
            var (a, b) = latency.All[i];
            text.AppendLine(F($"- round {i + 1}: {Side(latency.SideB, b)}, {Side(latency.SideA, a)}"));
        }

        return text.ToString();
    }

    private static double[] Differences(Comparison comparison, Func<SideRound, double> pick) =>
        [.. comparison.All.Select(r => pick(r.A) - pick(r.B))];

    private static void Added(StringBuilder text, Comparison comparison, string label, Func<SideRound, double> pick)
    {
        var added = Differences(comparison, pick);
        text.AppendLine(F($"- {label}, {comparison.SideA} − {comparison.SideB}: median {Comparison.Median(added):F1} µs, spread {added.Min():F1}–{added.Max():F1} µs (per round: {string.Join(", ", added.Select(static a => a.ToString("F1", CultureInfo.InvariantCulture)))})"));
    }

    private static void Row(StringBuilder text, string endpoint, SideRound s) =>
        text.AppendLine(F($"| {endpoint} | {s.Load.RequestsPerSecond:F0} | {Latency(s.Load.P50Micros)} | {Latency(s.Load.P99Micros)} | {s.ServerCores:F2} | {s.ServerCpuMicrosPerRequest:F1} | {s.ClientCores:F2} | {s.ForeignCores:F2} | {s.Load.Errors} |"));

    private static string Side(string endpoint, SideRound s) =>
        F($"{endpoint} {s.Load.RequestsPerSecond:F0}/s {s.Load.P50Micros:F0}/{s.Load.P99Micros:F0} {s.ServerCpuMicrosPerRequest:F1} (other {s.ForeignCores:F2})")
        + (s.Load.Errors > 0 ? F($" [{s.Load.Errors} errors]") : "");

    private static string Latency(double micros) => micros >= 1000 ? F($"{micros / 1000:F2} ms") : F($"{micros:F0} µs");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
