using System.Globalization;
using System.Text;

namespace Switchyard.Bench.Reporting;

/// <summary>Renders the comparisons as Markdown: a summary table, then every round.</summary>
public static class MarkdownReport
{
    public static string Render(IReadOnlyList<Comparison> comparisons, string setup, double foreignLimit)
    {
        var text = new StringBuilder();
        text.AppendLine(setup).AppendLine();
        text.AppendLine("| comparison | side | req/s (median) | p50 | p99 | serving process: cores | CPU µs / req | bytes / req | wrk: cores | other work: cores | ratio A/B (median) | ratio spread (min–max) | rounds |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in comparisons)
        {
            var ratios = c.Ratios();
            var ratio = F($"{Comparison.Median(ratios):F2}×");
            var spread = F($"{ratios.Min():F2}–{ratios.Max():F2}");
            Row(text, c.Title, "A: " + c.SideA, c.MedianA(), ratio, spread, c.Rounds.ToString(CultureInfo.InvariantCulture));
            Row(text, "", "B: " + c.SideB, c.MedianB(), "", "", "");
        }

        text.AppendLine();
        foreach (var c in comparisons)
        {
            // Rounds kept although other work disturbed them are left out here, so a busy neighbour shows as fewer rounds, not as a different ratio.
            var clean = c.All.Where(r => Math.Max(r.A.ForeignCores, r.B.ForeignCores) <= foreignLimit)
                .Select(static r => r.A.Load.RequestsPerSecond / r.B.Load.RequestsPerSecond).ToArray();
            text.AppendLine(clean.Length == 0
                ? F($"- {c.Title}: no undisturbed round.")
                : F($"- {c.Title}: ratio over the {clean.Length} undisturbed round(s): median {Comparison.Median(clean):F2}×, spread {clean.Min():F2}–{clean.Max():F2}."));
        }

        text.AppendLine();
        text.AppendLine("Per round (req/s A / req/s B = ratio, the cores other work on the machine took during A/B, and non-2xx answers and socket errors in brackets when any):").AppendLine();
        foreach (var c in comparisons)
        {
            text.Append("- ").Append(c.Title).Append(": ");
            text.AppendJoin("; ", c.All.Select(static r => F($"{r.A.Load.RequestsPerSecond:F0} / {r.B.Load.RequestsPerSecond:F0} = {r.A.Load.RequestsPerSecond / r.B.Load.RequestsPerSecond:F2}")
                + F($" (other work {r.A.ForeignCores:F2}/{r.B.ForeignCores:F2} cores)")
                + (r.A.Load.Errors + r.B.Load.Errors > 0 ? F($" [{r.A.Load.Errors}+{r.B.Load.Errors} errors]") : "")));
            text.AppendLine();
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string title, string side, SideRound s, string ratio, string spread, string rounds) =>
        text.AppendLine(F($"| {title} | {side} | {s.Load.RequestsPerSecond:F0} | {Latency(s.Load.P50Micros)} | {Latency(s.Load.P99Micros)} | {s.ServerCores:F2} | {s.ServerCpuMicrosPerRequest:F1} | {Bytes(s.BytesPerRequest)} | {s.ClientCores:F2} | {s.ForeignCores:F2} | {ratio} | {spread} | {rounds} |"));

    private static string Bytes(double perRequest) => double.IsNaN(perRequest) ? "—" : F($"{perRequest:F0}");

    private static string Latency(double micros) => micros >= 1000 ? F($"{micros / 1000:F2} ms") : F($"{micros:F0} µs");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
