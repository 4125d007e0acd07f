using System.Globalization;
using Switchyard.Bench.Models;

namespace Switchyard.Bench.Driving;

/// <summary>Command-line settings of a run; the defaults are the short run.</summary>
public sealed record BenchOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, int Connections, int WrkThreads, int RawThreads, MlpShape Mlp, string? OutFile)
{
    public static BenchOptions Parse(string[] args)
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

        return new BenchOptions(
            TimeSpan.FromSeconds(Int("--seconds", 10)),
            TimeSpan.FromSeconds(Int("--warmup", 10)),
            rounds,
            Int("--connections", 16),
            Int("--wrk-threads", 1),
            Int("--raw-threads", 2),
            MlpShape.Parse(Value("--mlp") ?? "1024,4096,64"),
            Value("--out"));
    }
}
