using System.Globalization;
using System.Text;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.External;

/// <summary>
/// Renders <c>run-external</c> as Markdown: (a) each path's percentiles and the latency each
/// proxy adds over the direct path (per round, then median and spread); (b) req/s of each side
/// and its ratio to nginx's split per round, median and spread, and Switchyard's to each .NET
/// relay; then every round.
/// </summary>
public static class ExternalReport
{
    public static string Render(string setup, string[] latencySides, string[] throughputSides,
        IReadOnlyList<Dictionary<string, ExternalSide>> rounds, double foreignLimit)
    {
        var text = new StringBuilder();
        text.AppendLine(setup).AppendLine();
        text.AppendLine("(a) Open loop: latency from the intended send time (medians of the rounds).").AppendLine();
        text.AppendLine("| path | req/s | p50 | p90 | p99 | p99.9 | max | scheduler lag p99 | proxy: cores | proxy CPU µs / req | stand-ins CPU µs / req | generator: cores | other work: cores | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in latencySides)
        {
            var all = rounds.Select(r => r[name]).ToList();
            text.AppendLine(F($"| {name} | {M(all, static s => s.Rps):F0} | {L(M(all, static s => s.P50))} | {L(M(all, static s => s.P90))} | {L(M(all, static s => s.P99))} | {L(M(all, static s => s.P999))} | {L(M(all, static s => s.Max))} | {L(M(all, static s => s.SendLagP99))} | {N(M(all, static s => s.ProxyCores))} | {N(M(all, static s => s.ProxyMicrosPerRequest), "F1")} | {N(M(all, static s => s.StandInMicrosPerRequest), "F1")} | {N(M(all, static s => s.ClientCores))} | {N(M(all, static s => s.ForeignCores))} | {all.Sum(static s => s.Errors)} |"));
        }

        text.AppendLine();
        var direct = latencySides[0];
        foreach (var name in latencySides.Skip(1))
        {
            foreach (var (label, pick) in new (string, Func<ExternalSide, double>)[] { ("p50", static s => s.P50), ("p99", static s => s.P99), ("p99.9", static s => s.P999) })
            {
                var added = rounds.Select(r => pick(r[name]) - pick(r[direct])).ToArray();
                text.AppendLine(F($"- added at {label}, {name} − {direct}: median {Comparison.Median(added):F0} µs, spread {added.Min():F0}–{added.Max():F0} µs (per round: {string.Join(", ", added.Select(static a => a.ToString("F0", CultureInfo.InvariantCulture)))})"));
            }
        }

        if (throughputSides.Length > 0)
        {
            text.AppendLine().AppendLine("(b) Closed loop, wrk -t1 (p50/p99 at saturation are mostly queueing).").AppendLine();
            text.AppendLine("| side | req/s (median) | p50 | p99 | proxy: cores | proxy CPU µs / req | stand-ins: cores | stand-ins CPU µs / req | wrk: cores | other work: cores | ÷ nginx (median) | spread | errors |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var name in throughputSides)
            {
                var all = rounds.Select(r => r[name]).ToList();
                var ratio = "";
                var spread = "";
                var nginx = NginxSideOf(name);
                if (nginx != name && rounds[0].ContainsKey(nginx))
                {
                    var ratios = rounds.Select(r => r[name].Rps / r[nginx].Rps).ToArray();
                    ratio = F($"{Comparison.Median(ratios):F2}×");
                    spread = F($"{ratios.Min():F2}–{ratios.Max():F2}");
                }

                text.AppendLine(F($"| {name} | {M(all, static s => s.Rps):F0} | {L(M(all, static s => s.P50))} | {L(M(all, static s => s.P99))} | {N(M(all, static s => s.ProxyCores))} | {N(M(all, static s => s.ProxyMicrosPerRequest), "F1")} | {N(M(all, static s => s.StandInCores))} | {N(M(all, static s => s.StandInMicrosPerRequest), "F1")} | {N(M(all, static s => s.ClientCores))} | {N(M(all, static s => s.ForeignCores))} | {ratio} | {spread} | {all.Sum(static s => s.Errors)} |"));
            }
        }

        // Switchyard against each .NET relay at the same connections: its own pipeline's share.
        foreach (var name in throughputSides.Where(static n => n.EndsWith(SwitchyardSplit, StringComparison.Ordinal)))
        {
            foreach (var relay in throughputSides.Where(n => n.StartsWith(name[..^SwitchyardSplit.Length], StringComparison.Ordinal) && n.Contains("relay", StringComparison.Ordinal)))
            {
                var ratios = rounds.Select(r => r[name].Rps / r[relay].Rps).ToArray();
                text.AppendLine(F($"- {name} ÷ {relay}: median {Comparison.Median(ratios):F2}×, spread {ratios.Min():F2}–{ratios.Max():F2}"));
            }
        }

        text.AppendLine().AppendLine(F($"Per round (req/s, p50/p99 in µs, other work in cores; rounds where other work took over {foreignLimit:F2} cores were rerun):")).AppendLine();
        for (var i = 0; i < rounds.Count; i++)
        {
            text.Append(F($"- round {i + 1}: "));
            text.AppendJoin("; ", rounds[i].Select(static s =>
                F($"{s.Key} {s.Value.Rps:F0}/s {s.Value.P50:F0}/{s.Value.P99:F0} (other {s.Value.ForeignCores:F2})") + (s.Value.Errors > 0 ? F($" [{s.Value.Errors} errors]") : "")));
            text.AppendLine();
        }

        return text.ToString();
    }

    private const string SwitchyardSplit = "Switchyard split";

    /// <summary>"c=16 nginx split" for any side of "c=16 …".</summary>
    private static string NginxSideOf(string side) => side[..(side.IndexOf(' ', StringComparison.Ordinal) + 1)] + "nginx split";

    private static double M(IEnumerable<ExternalSide> sides, Func<ExternalSide, double> pick) => Comparison.Median(sides.Select(pick));

    private static string L(double micros) => double.IsNaN(micros) ? "–" : micros >= 1000 ? F($"{micros / 1000:F2} ms") : F($"{micros:F0} µs");

    private static string N(double value, string format = "F2") => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
