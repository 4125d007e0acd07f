using System.Globalization;
using System.Text;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Gateway;

/// <summary>
/// Renders <c>run-gateway</c> as Markdown: the aim and whether it was met, (a) the open loop's
/// percentiles on each endpoint and what the gateway adds at p50 and p99, (b) wrk's req/s ratio
/// and the server's CPU per request on each, then every round. Differences and ratios are taken
/// within a round and reported as the median of rounds with their spread.
/// </summary>
public static class GatewayReport
{
    /// <summary>Issue 14's aim: what the gateway may add at p50 against the same endpoint without it.</summary>
    public const double AimMicros = 20;

    /// <summary><paramref name="idleGateway"/>, when set, says why the gateway cannot have done its work (the aim is then not judged).</summary>
    public static string Render(string setup, Comparison latency, Comparison throughput, double foreignLimit, string? idleGateway)
    {
        var text = new StringBuilder();
        text.AppendLine(setup).AppendLine();

        var addedP50 = Differences(latency, static s => s.Load.P50Micros);
        var failures = latency.Errors + throughput.Errors;
        var disturbed = Enumerable.Range(0, latency.Rounds).Count(i =>
            new[] { latency.All[i].A, latency.All[i].B, throughput.All[i].A, throughput.All[i].B }.Max(static s => s.ForeignCores) > foreignLimit);
        var verdict = idleGateway is not null ? "not judged: " + idleGateway
            : failures > 0 ? F($"not judged: {failures} non-2xx answers or socket errors (see the errors columns)")
            : disturbed > 0 ? F($"not judged: other work took over {foreignLimit:F2} cores in {disturbed} of the {latency.Rounds} rounds kept")
            : Comparison.Median(addedP50) <= AimMicros ? "**met**" : "**not met**";
        text.AppendLine(F($"Aim: the gateway adds ≤ {AimMicros:F0} µs at p50 ({latency.SideA} − {latency.SideB}, {latency.Title}, median of rounds): {verdict} — median {Comparison.Median(addedP50):F0} µs, spread {addedP50.Min():F0}–{addedP50.Max():F0} µs over {latency.Rounds} rounds.")).AppendLine();

        text.AppendLine(F($"(a) {latency.Title}: latency from each request's intended send time (medians of the rounds).")).AppendLine();
        text.AppendLine("| endpoint | req/s | p50 | p99 | server: cores | server CPU µs / req | generator: cores | other work: cores | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row(text, latency.SideB, latency.MedianB(), "");
        Row(text, latency.SideA, latency.MedianA(), "");
        text.AppendLine();
        Added(text, latency, "p50", static s => s.Load.P50Micros);
        Added(text, latency, "p99", static s => s.Load.P99Micros);
        Added(text, latency, "server CPU µs / req", static s => s.ServerCpuMicrosPerRequest);

        var ratios = throughput.Ratios();
        text.AppendLine().AppendLine(F($"(b) {throughput.Title} (p50/p99 at saturation are mostly queueing; server CPU per request is the steadiest figure).")).AppendLine();
        text.AppendLine("| endpoint | req/s (median) | p50 | p99 | server: cores | server CPU µs / req | wrk: cores | other work: cores | gateway ÷ plain (median) | spread | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row(text, throughput.SideB, throughput.MedianB(), " |  | ");
        Row(text, throughput.SideA, throughput.MedianA(), F($" | {Comparison.Median(ratios):F2}× | {ratios.Min():F2}–{ratios.Max():F2}"));
        text.AppendLine();
        text.AppendLine(F($"- req/s, {throughput.SideA} ÷ {throughput.SideB}: median {Comparison.Median(ratios):F2}×, spread {ratios.Min():F2}–{ratios.Max():F2} (per round: {string.Join(", ", ratios.Select(static r => r.ToString("F2", CultureInfo.InvariantCulture)))})"));
        Added(text, throughput, "server CPU µs / req", static s => s.ServerCpuMicrosPerRequest);

        text.AppendLine().AppendLine(F($"Per round ({latency.SideB} then {latency.SideA} on odd rounds, the other way on even ones; req/s, p50/p99 in µs, server CPU µs / req, other work in cores; rounds where other work took over {foreignLimit:F2} cores were rerun):")).AppendLine();
        for (var i = 0; i < latency.Rounds; i++)
        {
            text.AppendLine(F($"- round {i + 1}: {Round(latency, i)}; {Round(throughput, i)}"));
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

    private static void Row(StringBuilder text, string endpoint, SideRound s, string ratio) =>
        text.AppendLine(F($"| {endpoint} | {s.Load.RequestsPerSecond:F0} | {Latency(s.Load.P50Micros)} | {Latency(s.Load.P99Micros)} | {s.ServerCores:F2} | {s.ServerCpuMicrosPerRequest:F1} | {s.ClientCores:F2} | {s.ForeignCores:F2}{ratio} | {s.Load.Errors} |"));

    private static string Round(Comparison comparison, int index)
    {
        var (a, b) = comparison.All[index];
        return F($"{comparison.Title}: {Side(comparison.SideB, b)}, {Side(comparison.SideA, a)}");
    }

    private static string Side(string endpoint, SideRound s) =>
        F($"{endpoint} {s.Load.RequestsPerSecond:F0}/s {s.Load.P50Micros:F0}/{s.Load.P99Micros:F0} {s.ServerCpuMicrosPerRequest:F1} (other {s.ForeignCores:F2})")
        + (s.Load.Errors > 0 ? F($" [{s.Load.Errors} errors]") : "");

    private static string Latency(double micros) => micros >= 1000 ? F($"{micros / 1000:F2} ms") : F($"{micros:F0} µs");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
