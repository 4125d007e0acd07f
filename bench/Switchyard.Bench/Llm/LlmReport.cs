using System.Globalization;
using System.Text;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Llm;

/// <summary>
/// Renders <c>run-llm</c> as Markdown: per model and concurrency, aggregate completion tokens/s
/// through the endpoint and direct (medians of the rounds), the per-round ratio's median and
/// spread, and the batching gain (highest concurrency ÷ 1) of each side; then every round.
/// </summary>
public static class LlmReport
{
    public static string Render(string setup, (string Name, string Label)[] models, int[] concurrency,
        IReadOnlyList<Dictionary<string, LlmSide>> rounds, bool withHttp)
    {
        var text = new StringBuilder();
        text.AppendLine(setup).AppendLine();
        text.AppendLine("| model | N | endpoint tok/s | direct tok/s | endpoint ÷ direct (median) | spread | request p50 endpoint / direct | server: cores | direct worker: cores | HTTP client: cores | other work: cores | requests, errors | tokens / request |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, label) in models)
        {
            foreach (var c in concurrency)
            {
                var direct = rounds.Select(r => r[Key(name, c, "direct")]).ToList();
                var http = withHttp ? rounds.Select(r => r[Key(name, c, "http")]).ToList() : null;
                var ratios = http is null ? [] : rounds.Select(r => r[Key(name, c, "http")].Load.TokensPerSecond / r[Key(name, c, "direct")].Load.TokensPerSecond).ToArray();
                text.AppendLine(F($"| {label} | {c} | {(http is null ? "–" : M(http, static s => s.Load.TokensPerSecond).ToString("F0", CultureInfo.InvariantCulture))} | {M(direct, static s => s.Load.TokensPerSecond):F0} | {(ratios.Length == 0 ? "–" : F($"{Comparison.Median(ratios):F2}×"))} | {(ratios.Length == 0 ? "–" : F($"{ratios.Min():F2}–{ratios.Max():F2}"))} | {(http is null ? "–" : F($"{M(http, static s => s.Load.RequestMillisP50):F1}"))} / {M(direct, static s => s.Load.RequestMillisP50):F1} ms | {(http is null ? "–" : F($"{M(http, static s => s.EngineCores):F2}"))} | {M(direct, static s => s.EngineCores):F2} | {(http is null ? "–" : F($"{M(http, static s => s.ClientCores):F2}"))} | {M((http ?? []).Concat(direct), static s => s.ForeignCores):F2} | {(http ?? []).Concat(direct).Sum(static s => s.Load.Requests)}, {(http ?? []).Concat(direct).Sum(static s => s.Load.Errors)} | {(double)(http ?? []).Concat(direct).Sum(static s => s.Load.Tokens) / Math.Max(1, (http ?? []).Concat(direct).Sum(static s => s.Load.Requests)):F1} |"));
            }
        }

        text.AppendLine();
        var low = concurrency.Min();
        var high = concurrency.Max();
        foreach (var (name, label) in models)
        {
            foreach (var side in withHttp ? new[] { "http", "direct" } : ["direct"])
            {
                var gains = rounds.Select(r => r[Key(name, high, side)].Load.TokensPerSecond / r[Key(name, low, side)].Load.TokensPerSecond).ToArray();
                text.AppendLine(F($"- {label}, {(side == "http" ? "through the endpoint" : "direct")}: batching gain N={high} ÷ N={low} median {Comparison.Median(gains):F2}×, spread {gains.Min():F2}–{gains.Max():F2}"));
            }
        }

        text.AppendLine().AppendLine("Per round (tokens/s; other work in cores):").AppendLine();
        for (var i = 0; i < rounds.Count; i++)
        {
            text.Append(F($"- round {i + 1}: "));
            text.AppendJoin("; ", rounds[i].Select(static r => F($"{r.Key.Replace('|', ' ')} {r.Value.Load.TokensPerSecond:F0} (other {r.Value.ForeignCores:F2})")
                + (r.Value.Load.Errors > 0 ? F($" [{r.Value.Load.Errors} errors]") : "")));
            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Key(string model, int c, string side) => string.Create(CultureInfo.InvariantCulture, $"{model}|{c}|{side}");

    private static double M(IEnumerable<LlmSide> sides, Func<LlmSide, double> pick) => Comparison.Median(sides.Select(pick));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
