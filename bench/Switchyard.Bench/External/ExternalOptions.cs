using System.Globalization;

namespace Switchyard.Bench.External;

/// <summary>Command-line settings of <c>run-external</c>; the defaults are the short run.</summary>
public sealed record ExternalOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, double Rate, int[] Connections, bool FloorsOnly, string? OutFile, int MaxReruns, TimeSpan Patience, string[] SwitchyardEnvironment)
{
    public static ExternalOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var rounds = Int("--rounds", 3);
        if (rounds < 3)
        {
            throw new ArgumentException("at least 3 rounds: one round has no spread and no median worth the name");
        }

        return new ExternalOptions(
            TimeSpan.FromSeconds(Int("--seconds", 10)),
            TimeSpan.FromSeconds(Int("--warmup", 10)),
            rounds,
            Int("--rate", 500),
            [.. (Value("--connections") ?? "16,64").Split(',').Select(static c => int.Parse(c, CultureInfo.InvariantCulture))],
            args.Contains("--floors-only"),
            Value("--out"),
            Int("--max-reruns", rounds * 2),
            TimeSpan.FromSeconds(Int("--patience", 60)),
            [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--switchyard-env" && p.i + 1 < args.Length).Select(p => args[p.i + 1])]);
    }
}
